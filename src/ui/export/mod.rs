//! 批量导出, 导出月报 / 导出结果 / 导出 Excel: files made from what another area asked for
//! ([`Command::ExportBatch`], [`Command::ExportFile`]). The folder or save dialog waits on a task
//! of its own, the file is made on another with its own read connection, and a panel along the
//! bottom shows the progress, then the outcome until it is put away.

mod batch;
mod file;

use batch::BATCH;
pub use batch::{BatchExport, BatchOutcome};
use file::FILE;
pub use file::FileOutcome;

use std::path::PathBuf;

use egui::Ui;

use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::{Asked, Command};
use super::tasks::Tasks;
use super::topic::{AreaId, Topic};
use super::view::{FileJob, View, with_extension};
use super::widgets::warning_text;
use crate::export::Form;

/// The folder dialog of 批量导出, waiting for the user.
const FOLDER_DIALOG: Topic = Topic::new(AreaId::Export, "folder-dialog").quiet();
/// The save dialog of a report or list export, waiting for the user.
const SAVE_DIALOG: Topic = Topic::new(AreaId::Export, "save-dialog").quiet();

/// What the export panels ask for.
pub enum Cmd {
    /// Stop the running batch export after the complaint being written.
    CancelBatch,
    /// Put away the finished batch export's summary.
    DismissBatch,
    /// Put away the finished file export's outcome.
    DismissFile,
}

/// The batch export's folder and, once finished, its outcome.
struct Batch {
    dir: PathBuf,
    outcome: Option<BatchOutcome>,
}

/// What is being made into a file and, once finished, the outcome.
struct FileState {
    what: String,
    outcome: Option<FileOutcome>,
}

/// The export area.
#[derive(Default)]
pub struct Export {
    batch: Option<Batch>,
    file: Option<FileState>,
    asked: Asked<Cmd>,
}

impl Export {
    /// Whether a batch export runs, and whether a file export is being asked for or made: a
    /// second one waits (the list's and the statistics page's buttons say so).
    #[must_use]
    pub fn busy(tasks: &Tasks) -> (bool, bool) {
        (tasks.is_running(BATCH), tasks.is_running(SAVE_DIALOG) || tasks.is_running(FILE))
    }

    /// Ask for the batch export's folder on a task of its own (the dialog blocks).
    fn ask_folder(numbers: Vec<String>, forms: Vec<Form>, cx: &mut Cx<'_>) {
        if cx.tasks.is_running(FOLDER_DIALOG) || cx.tasks.is_running(BATCH) || numbers.is_empty() {
            return;
        }
        let picker = cx.desk.folder_picker.clone();
        if let Err(e) = cx.spawn(FOLDER_DIALOG, "选择导出文件夹", move |_| (numbers, forms, picker())) {
            cx.notice(format!("无法打开文件夹对话框：{e}"));
        }
    }

    fn start_batch(&mut self, answer: (Vec<String>, Vec<Form>, Option<PathBuf>), cx: &mut Cx<'_>) {
        let (numbers, forms, Some(dir)) = answer else {
            cx.notice("未选择文件夹，没有导出。");
            return;
        };
        let db = (cx.desk.target.clone(), cx.scope());
        let started = BatchExport::start(db, numbers, forms, dir.clone(), cx.desk.waker())
            .map_err(|e| e.to_string())
            .and_then(|task| cx.tasks.start(task.into_task()).map_err(|_| "上一批尚未完成".to_owned()));
        match started {
            Ok(()) => self.batch = Some(Batch { dir, outcome: None }),
            Err(e) => cx.notice(format!("无法启动批量导出：{e}")),
        }
    }

    /// Open the save dialog for a report or list export on a task of its own, proposing the
    /// job's file name with its format's filter. One export at a time.
    fn ask_where_to_save(mut job: FileJob, cx: &mut Cx<'_>) {
        if cx.tasks.is_running(SAVE_DIALOG) || cx.tasks.is_running(FILE) {
            cx.notice("上一个导出尚未完成，请稍候再试。");
            return;
        }
        if let FileJob::List { filter } = &mut job {
            // Office users only ever export their own office's complaints.
            *filter = cx.scoped(std::mem::take(filter));
        }
        let picker = cx.desk.save_picker.clone();
        let name = job.file_name(cx.now.date_naive());
        if let Err(e) = cx.spawn(SAVE_DIALOG, "选择保存位置", move |_| {
            let path = picker(&name, job.file_type());
            (job, path)
        }) {
            cx.notice(format!("无法打开保存对话框：{e}"));
        }
    }

    fn start_file(&mut self, job: FileJob, path: Option<PathBuf>, cx: &mut Cx<'_>) {
        let Some(path) = path else {
            cx.notice(format!(
                "未选择保存位置，{}没有导出。若没有弹出保存对话框，请安装 xdg-desktop-portal 或 zenity 后重试。",
                job.describe()
            ));
            return;
        };
        let path = with_extension(path, job.file_type());
        let what = job.describe();
        let db = (cx.desk.target.clone(), cx.scope());
        let started = file::start(db, job, path, cx.now, cx.desk.waker())
            .map_err(|e| e.to_string())
            .and_then(|task| cx.tasks.start(task).map_err(|_| "上一个导出尚未完成".to_owned()));
        match started {
            Ok(()) => self.file = Some(FileState { what, outcome: None }),
            Err(e) => cx.notice(format!("无法启动导出：{e}")),
        }
    }

    fn batch_finished(&mut self, done: Done, cx: &mut Cx<'_>) {
        let Some(batch) = &mut self.batch else { return };
        // A thread that ended without an outcome comes back as `TaskDied`: say so.
        let outcome = take::<BatchOutcome>(done).unwrap_or_else(|| batch::died(&batch.dir));
        cx.notice(outcome.summary());
        batch.outcome = Some(outcome);
    }

    fn file_finished(&mut self, done: Done, cx: &mut Cx<'_>) {
        let Some(state) = &mut self.file else { return };
        let outcome = match take::<FileOutcome>(done) {
            Some(outcome) => outcome,
            None => FileOutcome { what: state.what.clone(), result: Err("导出任务意外中止".into()) },
        };
        cx.notice(outcome.summary());
        state.outcome = Some(outcome);
    }
}

impl Area for Export {
    fn panels(&mut self, ui: &mut Ui, view: &View<'_>) {
        if let Some(batch) = &self.batch {
            batch_panel(ui, batch, view.tasks, &mut self.asked);
        }
        if let Some(file) = &self.file {
            file_panel(ui, file, view.tasks, &mut self.asked);
        }
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            match cmd {
                Cmd::CancelBatch => cx.tasks.cancel(BATCH),
                Cmd::DismissBatch => {
                    if self.batch.as_ref().is_some_and(|b| b.outcome.is_some()) {
                        self.batch = None;
                    }
                }
                Cmd::DismissFile => {
                    if self.file.as_ref().is_some_and(|f| f.outcome.is_some()) {
                        self.file = None;
                    }
                }
            }
        }
    }

    fn serve(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Option<Command> {
        match cmd {
            Command::ExportBatch { numbers, forms } => Self::ask_folder(numbers, forms, cx),
            Command::ExportFile(job) => Self::ask_where_to_save(job, cx),
            other => return Some(other),
        }
        None
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            FOLDER_DIALOG => {
                let answer = take(done).unwrap_or_else(|| (Vec::new(), Vec::new(), None));
                self.start_batch(answer, cx);
            }
            BATCH => self.batch_finished(done, cx),
            SAVE_DIALOG => match take::<(FileJob, Option<PathBuf>)>(done) {
                Some((job, path)) => self.start_file(job, path, cx),
                None => cx.notice("保存对话框意外关闭，没有导出。"),
            },
            FILE => self.file_finished(done, cx),
            _ => {}
        }
    }
}

/// The batch export's progress (with 取消), then its outcome (with 打开文件夹).
fn batch_panel(ui: &mut Ui, batch: &Batch, tasks: &Tasks, asked: &mut Asked<Cmd>) {
    egui::Panel::bottom("batch_export").show(ui, |ui| {
        ui.horizontal(|ui| match (&batch.outcome, tasks.get(BATCH)) {
            (None, Some((_, progress))) => {
                let (done, total) = progress.counts();
                ui.label(format!("批量导出到 {}", batch.dir.display()));
                let share = if total == 0 { 1.0 } else { done as f32 / total as f32 };
                ui.add(egui::ProgressBar::new(share).desired_width(240.0).text(format!("{done}/{total}")));
                if progress.cancelled() {
                    ui.weak("正在取消…");
                } else if ui.button("取消导出").clicked() {
                    asked.push(Cmd::CancelBatch);
                }
            }
            (Some(outcome), _) => {
                let text = outcome.summary();
                if outcome.failed.is_empty() && !outcome.cancelled {
                    ui.label(text);
                } else {
                    warning_text(ui, &text);
                }
                if ui.button("打开文件夹").clicked() {
                    asked.ask(Command::OpenFile(outcome.dir.clone()));
                }
                if ui.button("关闭").clicked() {
                    asked.push(Cmd::DismissBatch);
                }
            }
            (None, None) => {
                ui.spinner();
            }
        });
    });
}

/// The report or list export: a spinner with what is being made, then the outcome with 打开.
fn file_panel(ui: &mut Ui, state: &FileState, tasks: &Tasks, asked: &mut Asked<Cmd>) {
    egui::Panel::bottom("file_export").show(ui, |ui| {
        ui.horizontal(|ui| match &state.outcome {
            None => {
                ui.spinner();
                ui.label(format!("正在生成 {}…", state.what));
                if let Some((_, progress)) = tasks.get(FILE) {
                    ui.weak(progress.stage());
                }
            }
            Some(outcome) => {
                match &outcome.result {
                    Ok((path, _)) => {
                        ui.label(outcome.summary());
                        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        if ui.button(format!("打开 {name}")).on_hover_text("用系统默认程序打开").clicked() {
                            asked.ask(Command::OpenFile(path.clone()));
                        }
                    }
                    Err(_) => {
                        warning_text(ui, &outcome.summary());
                    }
                }
                if ui.button("关闭").clicked() {
                    asked.push(Cmd::DismissFile);
                }
            }
        });
    });
}
