//! What people write and say: the notes of each step (dispatch, urge, extension, return …),
//! the drivers' answers on a revisit, and why a revisit call did not get through. Every phrase is
//! in the service language: none of the 服务禁语 (`validate::forbidden_words`).

use crate::domain::work::UnreachedReason;

use super::random::Gen;

pub(super) const DISPATCH_NOTES: &[&str] =
    &["请于时限内调取录像核查并反馈处理结果", "请核实情况后联系司机并反馈", "请尽快核查处理并反馈"];
pub(super) const MAJOR_DISPATCH_NOTE: &str = "重大投诉，请立即核查，2小时内首次响应";
pub(super) const TRANSFER_NOTE: &str = "经核实事发桩号不在原管理所辖区，改派";
pub(super) const ACCEPT_NOTES: &[&str] = &["已签收，安排专人核查", "已签收，正在调取录像", "收到，立即核查"];
pub(super) const URGE_NOTES: &[&str] =
    &["已临近办理时限，请尽快反馈核查结果", "省中心来电催办，请加快办理", "投诉人再次询问进度，请尽快联系司机"];
pub(super) const URGE_ACCEPT_NOTE: &str = "工单转办后尚未签收，请立即签收办理";
pub(super) const EXTENSION_REASONS: &[&str] = &[
    "需调取ETC门架交易数据，待省中心回传，申请延期一天",
    "当班收费员休假，待其返岗后询问核实，申请延期一天",
    "需联系发卡方核实ETC扣费记录，申请延期一天",
];
pub(super) const GRANT_NOTES: &[&str] = &["同意延期，请在延期时限内办结", "同意"];
pub(super) const REFUSE_REASONS: &[&str] = &["事实清楚，请按原时限办理", "录像已调取，请按原时限反馈"];
pub(super) const PAUSE_WORK_NOTES: &[&str] =
    &["投诉人正在驾车，约定次日上午再联系", "投诉人外出，要求晚些时候再联系核实情况"];
pub(super) const PAUSE_REVISIT_NOTES: &[&str] = &["司机表示正在开车，要求晚些时候再回访", "司机要求下班后再回访"];
pub(super) const RESUME_NOTES: &[&str] = &["已与投诉人约定时间，恢复计时", "已按约定时间联系上投诉人"];
pub(super) const WITHDRAW_REASONS: &[&str] = &[
    "投诉人来电表示已与收费站协商解决，撤回投诉",
    "投诉人表示系误会，ETC账单为延迟扣费，撤回投诉",
    "投诉人表示不再追究，撤回投诉",
];
pub(super) const RETURN_REASONS: &[&str] = &[
    "调查情况未写明录像核查的具体时段，请补充",
    "未写明与司机联系的时间和司机意见，请补充",
    "责任认定不清，请明确责任人及处理措施",
];
pub(super) const APPROVE_NOTES: &[&str] = &["同意，请回访", "处理结果合理，同意", ""];
pub(super) const REOPEN_REASONS: &[&str] =
    &["投诉人对处理结果不满意，请管理所重新核查并再次联系投诉人", "回访不满意，请补充调取门架数据重新核实"];
pub(super) const CLOSE_UNSATISFIED_REASONS: &[&str] =
    &["经复核，管理所处理符合规定，已向投诉人充分解释，按不满意办结", "诉求超出政策规定，已做好解释，按不满意办结"];
pub(super) const SATISFIED_WORDS: &[&str] =
    &["对处理结果满意，感谢回访", "问题已经解决，很满意", "退费已经收到，满意", "工作人员解释得很清楚，满意"];
pub(super) const BASIC_WORDS: &[&str] = &["基本满意", "结果可以接受"];
pub(super) const BASIC_REASONS: &[&str] = &["认为处理时间偏长", "希望收费站加强人员培训", "对退费到账时间不太满意"];
pub(super) const UNSATISFIED_WORDS: &[&str] = &["对处理结果不满意", "认为管理所在推卸责任"];
pub(super) const UNSATISFIED_REASONS: &[&str] =
    &["认为核查结论与事实不符", "要求对收费员作出更严肃的处理", "退费金额与诉求不符"];
pub(super) const SUGGESTION_CLOSE: &[&str] = &["建议已登记，转相关部门参考", "已登记并转管理所研究"];
pub(super) const PRAISE_CLOSE: &[&str] = &["已将表扬转达相关单位", "已登记，转相关单位通报表扬"];

pub(super) fn text(xs: &[&str], g: &mut Gen) -> String {
    (*g.pick(xs)).to_owned()
}

pub(super) fn unreached_reason(g: &mut Gen) -> UnreachedReason {
    [UnreachedReason::Busy, UnreachedReason::NoAnswer, UnreachedReason::SwitchedOff, UnreachedReason::WrongNumber]
        [g.weighted(&[30, 50, 17, 3])]
}
