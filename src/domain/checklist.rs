//! The video-check checklist (录像核查清单) and the office's result (domain.md §5.1–5.2).

use serde::{Deserialize, Serialize};

use crate::domain::time::BizTime;
use crate::labeled_enum;

labeled_enum! {
    /// Where footage comes from.
    pub enum VideoSource {
        LaneCamera = ("lane_camera", "车道摄像机"),
        BoothCamera = ("booth_camera", "收费亭摄像机"),
        PlazaCamera = ("plaza_camera", "广场摄像机"),
        EtcGantry = ("etc_gantry", "ETC门架"),
        ServiceAreaCamera = ("service_area_camera", "服务区摄像机"),
        Other = ("other", "其它"),
    }
}

labeled_enum! {
    /// Whether the footage was retrieved.
    pub enum Retrieval {
        Pending = ("pending", "未调取"),
        Retrieved = ("retrieved", "已调取"),
        NoFootage = ("no_footage", "无录像"),
        Overwritten = ("overwritten", "已覆盖"),
    }
}

labeled_enum! {
    /// Outcome of a record check (transaction record, vehicle class, staff interview).
    pub enum CheckOutcome {
        NotDone = ("not_done", "未核查"),
        Consistent = ("consistent", "相符"),
        Inconsistent = ("inconsistent", "不符"),
        NotApplicable = ("not_applicable", "不适用"),
    }
}

labeled_enum! {
    /// Whether the complaint was founded.
    pub enum Conclusion {
        Founded = ("founded", "属实"),
        PartlyFounded = ("partly_founded", "部分属实"),
        Unfounded = ("unfounded", "不属实"),
    }
}

impl Conclusion {
    /// 属实 or 部分属实 count as founded for 属实率.
    #[must_use]
    pub fn is_founded(self) -> bool {
        !matches!(self, Self::Unfounded)
    }
}

labeled_enum! {
    /// Who is responsible.
    pub enum Responsibility {
        TollCollector = ("toll_collector", "收费员"),
        Office = ("office", "管理所"),
        Driver = ("driver", "司乘"),
        System = ("system", "系统"),
        Other = ("other", "其它"),
    }
}

/// One row of the video check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoRow {
    pub source: VideoSource,
    /// Free-text location, e.g. `3号车道`.
    #[serde(default)]
    pub location: String,
    pub from: Option<BizTime>,
    pub to: Option<BizTime>,
    pub retrieval: Retrieval,
    #[serde(default)]
    pub observation: String,
}

/// A record check with its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub outcome: CheckOutcome,
    #[serde(default)]
    pub note: String,
}

impl Default for Check {
    fn default() -> Self {
        Self { outcome: CheckOutcome::NotDone, note: String::new() }
    }
}

/// The 录像核查清单; may be saved half-done.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Checklist {
    #[serde(default)]
    pub videos: Vec<VideoRow>,
    /// 通行流水 / ETC 交易 check.
    #[serde(default)]
    pub transaction: Check,
    /// Vehicle class / axle check.
    #[serde(default)]
    pub vehicle_class: Check,
    /// Staff interview.
    #[serde(default)]
    pub staff_interview: Check,
    pub conclusion: Option<Conclusion>,
    #[serde(default)]
    pub responsibility: Vec<Responsibility>,
}

impl Checklist {
    /// What is still missing before the result can be submitted, in Chinese; empty when complete.
    #[must_use]
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.videos.is_empty() {
            out.push("录像核查：至少填写一个录像来源".to_owned());
        }
        for (i, v) in self.videos.iter().enumerate() {
            let n = i + 1;
            if v.retrieval == Retrieval::Pending {
                out.push(format!("录像核查第{n}行（{}）：尚未填写调取情况", v.source));
            }
            if v.retrieval == Retrieval::Retrieved && v.observation.trim().is_empty() {
                out.push(format!("录像核查第{n}行（{}）：已调取但未填写核查情况", v.source));
            }
            if v.retrieval == Retrieval::Retrieved && (v.from.is_none() || v.to.is_none()) {
                out.push(format!("录像核查第{n}行（{}）：未填写录像时段", v.source));
            }
            if let (Some(a), Some(b)) = (v.from, v.to)
                && b < a
            {
                out.push(format!("录像核查第{n}行（{}）：结束时间早于开始时间", v.source));
            }
        }
        for (label, c) in [
            ("通行流水核查", &self.transaction),
            ("车型/轴数核查", &self.vehicle_class),
            ("当事人员询问", &self.staff_interview),
        ] {
            if c.outcome == CheckOutcome::NotDone {
                out.push(format!("{label}：尚未核查"));
            }
        }
        if self.conclusion.is_none() {
            out.push("核查结论：请选择 属实/部分属实/不属实".to_owned());
        }
        if self.conclusion.is_some_and(Conclusion::is_founded) && self.responsibility.is_empty() {
            out.push("责任认定：投诉属实时须认定责任方".to_owned());
        }
        out
    }
}

/// The office's part of the handling form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OfficeResult {
    /// 调查情况 (incl. what the video showed).
    pub investigation: String,
    /// 处理结果.
    pub handling: String,
    /// 对责任人的处理.
    #[serde(default)]
    pub action_taken: String,
    /// When the office called the driver.
    pub contacted_at: Option<BizTime>,
    /// What was explained to the driver.
    #[serde(default)]
    pub explained: String,
    /// How the driver reacted.
    #[serde(default)]
    pub reaction: String,
}

impl OfficeResult {
    /// What is still missing, in Chinese; empty when complete.
    #[must_use]
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.investigation.trim().is_empty() {
            out.push("调查情况：不能为空".to_owned());
        }
        if self.handling.trim().is_empty() {
            out.push("处理结果：不能为空".to_owned());
        }
        if self.contacted_at.is_none() {
            out.push("联系司乘：请填写联系时间".to_owned());
        }
        if self.explained.trim().is_empty() {
            out.push("联系司乘：请填写向司乘解释的内容".to_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_biz_time;

    fn row(retrieval: Retrieval, observation: &str) -> VideoRow {
        VideoRow {
            source: VideoSource::LaneCamera,
            location: "3号车道".into(),
            from: parse_biz_time("2026-10-01 09:00"),
            to: parse_biz_time("2026-10-01 09:10"),
            retrieval,
            observation: observation.into(),
        }
    }

    fn done() -> Check {
        Check { outcome: CheckOutcome::Consistent, note: String::new() }
    }

    #[test]
    fn empty_checklist_lists_everything_missing() {
        let m = Checklist::default().missing();
        assert!(m.iter().any(|s| s.contains("至少填写一个录像来源")));
        assert!(m.iter().any(|s| s.contains("核查结论")));
        assert!(m.iter().any(|s| s.starts_with("通行流水核查")));
    }

    #[test]
    fn complete_checklist_has_nothing_missing() {
        let c = Checklist {
            videos: vec![row(Retrieval::Retrieved, "收费员态度正常"), row(Retrieval::Overwritten, "")],
            transaction: done(),
            vehicle_class: done(),
            staff_interview: done(),
            conclusion: Some(Conclusion::Unfounded),
            responsibility: vec![],
        };
        assert_eq!(c.missing(), Vec::<String>::new());
    }

    #[test]
    fn founded_needs_responsibility_and_retrieved_needs_observation() {
        let c = Checklist {
            videos: vec![row(Retrieval::Retrieved, " ")],
            transaction: done(),
            vehicle_class: done(),
            staff_interview: done(),
            conclusion: Some(Conclusion::Founded),
            responsibility: vec![],
        };
        let m = c.missing();
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].contains("已调取但未填写核查情况"));
        assert!(m[1].contains("责任认定"));
    }
}
