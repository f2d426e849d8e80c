//! Everything that can go wrong in the store, each with one clear Chinese sentence for the person
//! at the desk (`Display`), whichever engine it came from.

use std::path::PathBuf;

use crate::domain::lifecycle::ActionError;
use crate::domain::validate::FieldError;

/// Everything that can go wrong in the store, each with one clear Chinese sentence.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Action(#[from] ActionError),
    #[error("输入有误：\n{}", .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
    #[error("找不到工单 {0}")]
    NotFound(String),
    #[error("找不到来电记录 {0}")]
    CallNotFound(String),
    #[error("数据库文件不存在：{0}（请先运行 roaddesk init 或 roaddesk demo 创建）")]
    Missing(PathBuf),
    #[error("数据库文件是空的，尚未初始化：{0}（请先运行 roaddesk init 或 roaddesk demo 创建）")]
    Uninitialised(PathBuf),
    #[error("数据库正被另一个程序占用，请稍后重试：{0}")]
    Locked(PathBuf),
    #[error("数据库文件是只读的，无法写入：{0}")]
    ReadOnly(PathBuf),
    #[error("数据库文件已损坏或不是 RoadDesk 数据库：{0}")]
    Corrupt(PathBuf),
    #[error("数据库由更新版本的 RoadDesk 创建（结构版本 {found}，本程序支持到 {supported}），请升级程序")]
    TooNew { found: i64, supported: i64 },
    #[error("该工单已被{who}于{at}修改，请刷新后重试")]
    Conflict { who: String, at: String },
    #[error("{0}")]
    Duplicate(String),
    #[error("与数据库服务器的连接已中断：{0}")]
    Disconnected(String),
    #[error("数据库错误：{0}")]
    Sql(String),
    #[error("文件错误：{0}")]
    Io(String),
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;
