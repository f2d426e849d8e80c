//! Demo data (演示数据): a fictional but plausible organisation on the 汉宜高速 in Hubei, and a
//! year of complaints and calls for it.
//!
//! Pure: no I/O, no SQL, no clock (`now` is passed in). Deterministic for a given `(seed, now)`:
//! every random choice comes from `ChaCha8Rng` streams derived from the seed, with our own
//! integer sampling (no distribution code whose output could change with a `rand` release).
//!
//! Every complaint is driven through the real state machine: [`lifecycle::register`], then
//! [`lifecycle::apply`] with real [`Action`]s taken by users of the right role and unit, so every
//! history is one the app itself could have written. Repeat calls are linked with
//! [`Action::LinkDuplicate`] and the first complaint gets its [`lifecycle::link_target`] event at
//! the same moment, inside its own timeline.
//!
//! [`lifecycle::register`]: crate::domain::lifecycle::register
//! [`lifecycle::apply`]: crate::domain::lifecycle::apply
//! [`lifecycle::link_target`]: crate::domain::lifecycle::link_target
//! [`Action`]: crate::domain::lifecycle::Action
//! [`Action::LinkDuplicate`]: crate::domain::lifecycle::Action::LinkDuplicate
//!
//! # The files
//!
//! Top-down, each naming only those below it:
//! - `batch` — the batch on threads or in chunks ([`generate`], [`generate_chunked`]);
//!   `calls` — the call log and its revisits ([`generate_calls`], [`revisit_calls`]);
//! - `run` — one item's steps through the state machine; `life` — one item's life as a plan,
//!   phase by phase; `plan` — the timed steps; `notes` — what people write at each step;
//! - `spec` — one item's fields; `checklist` — what the office finds and writes; `story` — what
//!   happened, and the complaint texts; `slots` — the year's plan (times, numbers, repeat calls);
//! - `env` — the stored organisation as the generator sees it; `people` — names, phones, plates,
//!   vehicles; `words` — money and times in the texts; `random` — the seeded streams;
//! - `org` — the demo organisation and its logins ([`demo_org`]).
//!
//! # Demo logins
//!
//! | 登录名 | 密码 | 姓名 | 单位 | 角色 |
//! |---|---|---|---|---|
//! | admin | admin123 | 周建华 | 汉宜高速信息监控分中心 | 中心管理员 |
//! | zhiban1 | demo123 | 刘晓琳 | 汉宜高速信息监控分中心 | 值班员 |
//! | zhiban2 | demo123 | 陈昇 | 汉宜高速信息监控分中心 | 值班员 |
//! | lingdao | demo123 | 张志堃 | 汉宜高速信息监控分中心 | 值班领导 |
//! | hc_jb | demo123 | 王珺 | 汉川管理所 | 管理所经办人 |
//! | hc_fz | demo123 | 李国强 | 汉川管理所 | 管理所负责人 |
//! | xt_jb | demo123 | 赵雨涵 | 仙桃管理所 | 管理所经办人 |
//! | xt_fz | demo123 | 黄建军 | 仙桃管理所 | 管理所负责人 |
//! | qj_jb | demo123 | 孙镕 | 潜江管理所 | 管理所经办人 |
//! | qj_fz | demo123 | 吴海波 | 潜江管理所 | 管理所负责人 |
//! | jz_jb | demo123 | 郑喆 | 荆州管理所 | 管理所经办人 |
//! | jz_fz | demo123 | 胡志明 | 荆州管理所 | 管理所负责人 |

mod batch;
mod calls;
mod checklist;
mod env;
mod life;
mod notes;
mod org;
mod people;
mod plan;
mod random;
mod run;
mod slots;
mod spec;
mod story;
mod words;

pub use batch::{generate, generate_chunked};
pub use calls::{generate_calls, revisit_calls};
pub use org::{ADMIN_PASSWORD, DEMO_PASSWORD, DemoOrg, DemoStation, DemoUnit, DemoUser, demo_org};

#[cfg(test)]
mod tests;
