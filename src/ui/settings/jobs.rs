//! The settings page's store work: the revisit policy, the user's signature image.

use std::path::Path;

use crate::domain::lifecycle::ContextData;
use crate::domain::org::{Role, roles_label};
use crate::store::Store;
use crate::ui::jobs::store_message;

/// What a signature job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureOp {
    Load,
    Upload,
    Remove,
}

/// The logged-in user's signature image on file, as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    /// The PNG bytes.
    pub png: std::sync::Arc<[u8]>,
    /// The image cache's key: names the content, so a new upload never shows the old picture.
    pub uri: String,
    /// Pixel size, when the PNG could be read (`None`: no preview).
    pub size: Option<(u32, u32)>,
}

/// Keep a new revisit policy (admin or duty leader) and hand back the context it changed.
pub fn policy_job(
    store: &mut dyn Store,
    actor: &crate::domain::org::Actor,
    policy: &crate::domain::lifecycle::RevisitPolicy,
) -> Result<ContextData, String> {
    if !actor.has(Role::Admin) && !actor.has(Role::DutyLeader) {
        return Err(format!("回访规则只能由管理员或值班领导修改，您的角色是{}", roles_label(&actor.roles)));
    }
    store.set_revisit_policy(policy).map_err(store_message)?;
    store.context_data().map_err(store_message)
}

/// Load, upload (read the file, check it, keep it) or remove `user`'s signature; returns what is
/// on file afterwards.
pub fn signature_job(
    store: &mut dyn Store,
    user: crate::domain::org::UserId,
    op: SignatureOp,
    path: Option<&Path>,
) -> Result<Option<SignatureInfo>, String> {
    match (op, path) {
        (SignatureOp::Upload, Some(path)) => {
            let png = read_signature_file(path)?;
            store.set_signature(user, Some(&png)).map_err(store_message)?;
            Ok(Some(signature_info(png)))
        }
        (SignatureOp::Remove, _) => {
            store.set_signature(user, None).map_err(store_message)?;
            Ok(None)
        }
        _ => Ok(store.signature(user).map_err(store_message)?.map(signature_info)),
    }
}

/// The chosen file's bytes, when it is a readable PNG under 1 MB (Chinese message otherwise).
fn read_signature_file(path: &Path) -> Result<Vec<u8>, String> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let unreadable = |e: std::io::Error| format!("无法读取文件“{name}”：{e}");
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if usize::try_from(len).map_or(true, |n| n >= crate::store::SIGNATURE_MAX_BYTES) {
        return Err(format!("“{name}”过大（{} KB），签名图片须小于 1 MB，请裁剪或压缩后再上传", len.div_ceil(1024)));
    }
    let png = std::fs::read(path).map_err(unreadable)?;
    crate::store::check_signature_png(&png).map_err(store_message)?;
    if image::load_from_memory_with_format(&png, image::ImageFormat::Png).is_err() {
        return Err(format!("“{name}”无法作为 PNG 图片读取，文件可能已损坏，请重新导出后上传"));
    }
    Ok(png)
}

/// What the settings page shows of a stored signature.
fn signature_info(png: Vec<u8>) -> SignatureInfo {
    use std::hash::{Hash, Hasher};
    let size =
        image::ImageReader::with_format(std::io::Cursor::new(&png), image::ImageFormat::Png).into_dimensions().ok();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    png.hash(&mut hasher);
    let uri = format!("bytes://signature-{:016x}.png", hasher.finish());
    SignatureInfo { png: png.into(), uri, size }
}
