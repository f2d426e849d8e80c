//! What the window was started with and hands to every area: the database it works on, the
//! clock, the file dialogs (tests replace them), and a way to wake the window from a thread.

use std::path::PathBuf;
use std::sync::Arc;

use super::view::FileType;
use crate::domain::time::BizTime;
use crate::store::Target;

/// The clock the app reads; tests fix it.
pub type Clock = Arc<dyn Fn() -> BizTime + Send + Sync>;

/// Asks the user for a file or folder; blocks until they choose (or cancel), so it runs on a
/// task of its own. The app uses the system dialog; tests hand in a path.
pub type FilePicker = Arc<dyn Fn() -> Option<PathBuf> + Send + Sync>;

/// The save dialog: given the proposed file name and the kind of file (the dialog's filter),
/// where to write (tests replace it).
pub type SavePicker = Arc<dyn Fn(&str, FileType) -> Option<PathBuf> + Send + Sync>;

/// The desk's surroundings.
pub struct Desk {
    /// The database the store thread works on (a batch or file export opens its own
    /// connection to it).
    pub target: Target,
    pub clock: Clock,
    /// The signature PNG's open dialog.
    pub png_picker: FilePicker,
    pub save_picker: SavePicker,
    /// The folder dialog of 批量导出.
    pub folder_picker: FilePicker,
    /// For waking the window from another thread (none before the first frame).
    pub ctx: Option<egui::Context>,
}

impl Desk {
    #[must_use]
    pub fn new(target: Target, clock: Clock) -> Self {
        Self {
            target,
            clock,
            png_picker: system_png_picker(),
            save_picker: system_save_picker(),
            folder_picker: system_folder_picker(),
            ctx: None,
        }
    }

    #[must_use]
    pub fn now(&self) -> BizTime {
        (self.clock)()
    }

    /// Something a background thread calls to have the window redraw.
    pub fn waker(&self) -> impl Fn() + Send + Sync + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }
    }
}

/// The folder dialog for a batch export.
fn system_folder_picker() -> FilePicker {
    Arc::new(|| rfd::FileDialog::new().set_title("选择导出文件夹").pick_folder())
}

fn system_save_picker() -> SavePicker {
    Arc::new(|name: &str, kind: FileType| {
        rfd::FileDialog::new().set_file_name(name).add_filter(kind.filter_name(), &[kind.ext()]).save_file()
    })
}

/// The system file dialog for a signature PNG (rfd: the desktop portal, else zenity).
fn system_png_picker() -> FilePicker {
    Arc::new(|| rfd::FileDialog::new().set_title("选择签名图片（PNG）").add_filter("PNG", &["png"]).pick_file())
}
