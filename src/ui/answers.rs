//! 答复库: standard answers to the common consultations (domain.md §2.1), insertable into a
//! call's reply. ETC invoice answers follow the FAQ of the 票根 platform (`seeds/001_*.txt`);
//! the others follow the consultation topics of the service norms (`seeds/004_*.txt`).
//! “……” marks what the operator fills in for the caller's case.

/// One question with its standard answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The consultation topic, as in the call categories where one fits.
    pub topic: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
}

const fn qa(topic: &'static str, question: &'static str, answer: &'static str) -> Answer {
    Answer { topic, question, answer }
}

/// The answer library, by topic.
pub const ANSWERS: &[Answer] = &[
    qa(
        "ETC发票",
        "通行费电子发票怎么开？",
        "通行费电子发票通过票根（全国收费公路通行费电子发票服务平台）开具：第一步，办理ETC卡或用户卡；第二步，登录票根网站或下载票根App，也可使用票根支付宝或微信小程序；第三步，注册登录；第四步，绑定ETC卡或用户卡；第五步，关联发票抬头。",
    ),
    qa(
        "ETC发票",
        "通行后多久可以开发票？",
        "通行记录需要经过多级传输和清分才能到达票根平台，建议您在实际通行后的第10个自然日后再登录票根查询通行记录并开具发票。",
    ),
    qa(
        "ETC发票",
        "开发票遇到问题找哪里？",
        "通行费电子发票可在票根网站、票根App或票根支付宝、微信小程序开具。开票过程中遇到问题，您可以拨打票根24小时客服热线95022，或通过票根App在线客服咨询。",
    ),
    qa(
        "ETC发票",
        "走一段高速为什么开出好几张发票？需要打印吗？",
        "您通行的一段道路往往分属不同的经营管理单位。按“三流合一”原则，哪家单位为您提供了通行服务，就由哪家单位开具发票，所以途经几家经营管理单位就会开出几张电子发票。电子发票不需要打印，可直接用于记账和报销。",
    ),
    qa(
        "ETC发票",
        "征税发票和不征税发票有什么区别？",
        "征税发票左上角带有“通行费”字样，税率栏显示适用税率或征收率；通行还贷性收费公路开具的是不征税发票，税率栏显示“不征税”。",
    ),
    qa(
        "ETC发票",
        "通行费发票可抵扣的增值税税率是多少？",
        "按税务政策分为几类：通行2016年4月30日（含）前开工建设的经营性高速公路，征收率为3%；通行2016年4月30日（含）前开工建设的一、二级收费公路，征收率为5%；通行2016年4月30日后开工建设的经营性收费公路，税率自2019年4月1日起由10%降为9%；通行还贷性收费公路的为不征税发票。",
    ),
    qa("ETC发票", "通行费电子发票怎么查验真伪？", "您可以登录国家税务总局全国增值税发票查验平台查验发票真伪。"),
    qa(
        "ETC",
        "绑定ETC卡时提示预留信息不一致怎么办？",
        "这说明您办理ETC卡时预留的手机号码或证件号码与现在填写的不一致。请您联系ETC卡所属省份的发行方查询并更改预留信息，之后再绑定。",
    ),
    qa(
        "ETC",
        "ETC卡如何解绑？",
        "主动解绑：在票根App的“我的ETC卡”中查看卡片列表，向右滑动即可解绑，重新验证信息后可再次绑定。被动解绑：如果更改了绑定时校验信息中的任何一项，ETC卡会自动解绑，重新验证信息后可再次绑定。",
    ),
    qa(
        "ETC",
        "ETC有优惠吗？在哪里办理？",
        "使用ETC的车辆享受不少于5%的车辆通行费基本优惠，具体优惠以本省公布的为准。ETC可到本省ETC发行方网点或合作银行网点办理，也可通过发行方的线上渠道申办。",
    ),
    qa(
        "收费政策",
        "节假日小型客车免费通行是怎么规定的？",
        "春节、清明节、劳动节、国庆节四个国家法定节假日，7座及以下（含7座）载客车辆免收车辆通行费。免费时段从节假日第一天00:00开始，到节假日最后一天24:00结束，高速公路以车辆驶离出口收费站的时间为准。",
    ),
    qa(
        "收费政策",
        "运输鲜活农产品的车辆能免费通行吗？",
        "整车合法装载运输鲜活农产品的车辆，按“绿色通道”政策免收车辆通行费。请您在出口收费站主动申报并配合查验，是否符合条件以现场查验结果为准。",
    ),
    qa(
        "收费政策",
        "通行费按什么标准收？车型怎么分？",
        "车型按《收费公路车辆通行费车型分类》划分：客车按核定载人数分为一至四类，货车按总轴数、车长和最大允许总质量分为一至六类。各路段的收费标准经省级人民政府批准后公布。请您稍等，我帮您查询您这趟行程的通行费。",
    ),
    qa(
        "行车路线",
        "去某地怎么走？从哪个出口下？",
        "请您稍等，我帮您查询。您从……收费站上高速，沿……高速往……方向行驶约……公里，从……出口下高速。出发前建议您再查看导航软件的实时路况。",
    ),
    qa(
        "行车路线",
        "错过出口了怎么办？",
        "高速公路上严禁倒车、逆行、掉头和在应急车道停车。错过出口请您继续前行，从下一个出口驶出后再返回。",
    ),
    qa(
        "道路状况",
        "前方路段是否拥堵或封闭？",
        "请您稍等，我帮您查询。目前……路段（K……至K……）因……实行交通管制，预计……恢复通行，建议您从……出口绕行。路况如有变化，请以现场指示为准。",
    ),
    qa(
        "道路状况",
        "施工路段怎么通行？",
        "……路段正在施工，实行……车道封闭，请您按现场标志提前减速、依次通行，服从现场交警和路政人员的指挥。",
    ),
    qa(
        "天气",
        "雾天在高速上怎么行驶？",
        "雾天请开启雾灯、近光灯、示廓灯和前后位灯。能见度小于200米时，车速不超过每小时60公里，与同车道前车保持100米以上距离；小于100米时，还应开启危险报警闪光灯，车速不超过每小时40公里，保持50米以上距离；小于50米时，车速不超过每小时20公里，并从最近的出口尽快驶离高速公路。",
    ),
    qa(
        "天气",
        "雨雪冰冻天气能走高速吗？",
        "据气象部门预报，……将有……天气，部分路段可能湿滑或结冰。请您减速慢行、保持车距，不要急刹车和急转向；如遇交通管制，请服从现场指挥。出行前请关注气象和交通部门发布的信息。",
    ),
    qa(
        "旅游",
        "沿线景区从哪个出口下？",
        "……景区可从……出口下高速，出口后沿……行驶约……公里到达。节假日景区周边车流较大，建议您错峰出行。",
    ),
    qa(
        "旅游",
        "前方服务区有哪些服务？",
        "前方……服务区距您约……公里，提供加油、餐饮、超市、卫生间和休息等服务。连续驾驶4小时请停车休息不少于20分钟，谨防疲劳驾驶。",
    ),
    qa(
        "清障救援",
        "清障救援怎么收费？",
        "清障救援按价格主管部门核定的标准收费。作业前救援人员应向您出示收费标准，请您确认后再作业，并索取正规票据。如对收费有异议，可向我们反映。",
    ),
];

/// What the operator says on a revisit call (回访话术): the opening greeting, the promise and
/// the thanks, insertable from the revisit dialog's 常用语. “……” marks what is filled in.
pub const REVISIT_PHRASES: &[(&str, &str)] = &[
    (
        "开场问候",
        "您好！我是……路段监控分中心的客服人员，今天给您回电，是想了解您……反映的问题现在处理得怎么样了，耽误您一两分钟可以吗？",
    ),
    ("承诺", "您的意见我们已经详细记录，会督促相关单位认真整改，并在……前给您回复。"),
    ("致谢", "感谢您对我们工作的理解和监督，祝您一路平安，再见！"),
];

/// The answers whose topic, question or answer contains every word of `query` (separated by
/// spaces); all answers when the query is blank.
#[must_use]
pub fn search(query: &str) -> Vec<&'static Answer> {
    let words: Vec<&str> = query.split_whitespace().collect();
    ANSWERS.iter().filter(|a| words.iter().all(|w| a.matches(w))).collect()
}

impl Answer {
    fn matches(&self, word: &str) -> bool {
        let word = word.to_uppercase();
        [self.topic, self.question, self.answer].iter().any(|t| t.to_uppercase().contains(&word))
    }
}

/// Append `answer` to `reply`, on a new line when the reply already has text.
pub fn append(reply: &mut String, answer: &str) {
    if !reply.trim().is_empty() && !reply.ends_with('\n') {
        reply.push('\n');
    }
    reply.push_str(answer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_query_lists_everything() {
        assert_eq!(search("  ").len(), ANSWERS.len());
        assert!((15..=25).contains(&ANSWERS.len()));
    }

    #[test]
    fn finds_by_question_or_answer_and_every_word() {
        let invoices = search("发票");
        assert!(invoices.len() >= 5);
        assert!(invoices.iter().all(|a| a.question.contains("发票") || a.answer.contains("发票")));
        assert!(search("95022").iter().any(|a| a.answer.contains("95022")));
        assert!(search("etc 解绑").iter().all(|a| a.question.contains("解绑")));
        assert!(search("不存在的问题").is_empty());
    }

    #[test]
    fn answers_use_no_forbidden_words() {
        for a in ANSWERS {
            assert!(crate::domain::validate::forbidden_words(a.answer).is_empty(), "{}", a.question);
        }
    }

    #[test]
    fn revisit_phrases_greet_promise_and_thank_without_forbidden_words() {
        let names: Vec<&str> = REVISIT_PHRASES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["开场问候", "承诺", "致谢"]);
        for (name, phrase) in REVISIT_PHRASES {
            assert!(crate::domain::validate::forbidden_words(phrase).is_empty(), "{name}");
        }
    }

    #[test]
    fn append_starts_a_new_line() {
        let mut reply = String::new();
        append(&mut reply, "甲");
        append(&mut reply, "乙");
        assert_eq!(reply, "甲\n乙");
    }
}
