//! 设置: the theme, the user's handwritten signature, the revisit policy.

mod cmd;
mod jobs;
mod screen;

pub use cmd::Cmd;

pub use jobs::{SignatureInfo, SignatureOp};

use std::path::PathBuf;

use self::jobs::{policy_job, signature_job};
use self::screen::SettingsScreen;
use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::Asked;
use super::tasks::TaskDied;
use super::topic::{AreaId, Topic};
use super::view::{Nav, View};
use crate::domain::lifecycle::ContextData;

/// The signature image: loaded, uploaded or removed.
const SIGNATURE: Topic = Topic::new(AreaId::Settings, "signature");
/// The revisit policy saved.
const POLICY: Topic = Topic::new(AreaId::Settings, "revisit-policy");
/// The file dialog for a signature PNG, waiting for the user.
const PNG_DIALOG: Topic = Topic::new(AreaId::Settings, "file-dialog").quiet();

/// The settings area.
#[derive(Default)]
pub struct Settings {
    screen: SettingsScreen,
    asked: Asked<Cmd>,
}

impl Settings {
    /// Load, upload or remove the logged-in user's signature on the store thread.
    fn signature(&mut self, op: SignatureOp, path: Option<PathBuf>, cx: &mut Cx<'_>) {
        let user = cx.session.actor.id;
        self.screen.signature_pending();
        cx.backend.send(SIGNATURE, move |store| (op, signature_job(store, user, op, path.as_deref())));
    }

    /// Open the file dialog on a task of its own; its answer comes back as a [`Done`].
    fn pick(&mut self, cx: &mut Cx<'_>) {
        if cx.tasks.is_running(PNG_DIALOG) {
            return;
        }
        self.screen.picking(true, None);
        let picker = cx.desk.png_picker.clone();
        if let Err(e) = cx.spawn(PNG_DIALOG, "选择签名图片", move |_| picker()) {
            self.screen.picking(false, Some(format!("无法打开文件对话框：{e}")));
        }
    }

    /// The file dialog answered: upload the chosen file, or say that none was chosen.
    fn picked(&mut self, answer: Option<PathBuf>, cx: &mut Cx<'_>) {
        let message = answer
            .is_none()
            .then(|| "未选择文件。若没有弹出文件对话框，请安装 xdg-desktop-portal 或 zenity 后重试。".to_owned());
        self.screen.picking(false, message);
        if let Some(path) = answer {
            self.signature(SignatureOp::Upload, Some(path), cx);
        }
    }
}

impl Area for Settings {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Settings)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.screen.show(ui, view, &mut self.asked);
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            match cmd {
                Cmd::SaveRevisitPolicy(policy) => {
                    let actor = cx.actor();
                    cx.backend.send(POLICY, move |store| policy_job(store, &actor, &policy));
                }
                Cmd::PickSignature => self.pick(cx),
                Cmd::RemoveSignature => self.signature(SignatureOp::Remove, None, cx),
            }
        }
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            SIGNATURE => {
                if let Some((op, result)) = take::<(SignatureOp, Result<Option<SignatureInfo>, String>)>(done) {
                    // The page says how it went, beside the signature.
                    self.screen.signature_done(op, result);
                }
            }
            POLICY => match take::<Result<ContextData, String>>(done) {
                Some(Ok(data)) => {
                    *cx.data = data;
                    self.screen.policy_saved(&cx.data.policy);
                    cx.notice("回访规则已保存");
                }
                Some(Err(e)) => self.screen.policy_refused(e),
                None => {}
            },
            PNG_DIALOG => {
                let answer = if done.result.is::<TaskDied>() { None } else { take::<Option<PathBuf>>(done).flatten() };
                self.picked(answer, cx);
            }
            _ => {}
        }
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        self.signature(SignatureOp::Load, None, cx);
    }
}
