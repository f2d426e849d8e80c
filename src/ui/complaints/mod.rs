//! 投诉工单 and 工单详情: the list with its filters and search, one complaint's detail with the
//! steps the user may take, and its printed forms.

mod cmd;
mod detail;
mod jobs;
mod list;

pub use cmd::Cmd;

use std::path::PathBuf;

pub use jobs::{DetailData, ListPage};
pub use list::PAGE_LIMIT;

use self::detail::DetailScreen;
use self::jobs::{detail_job, export_job, list_job};
use self::list::ListScreen;
use super::area::{Area, Cx};
use super::backend::{Backend, Done, take};
use super::command::{Asked, Command};
use super::jobs::{Refusal, act_job};
use super::tasks::TaskDied;
use super::topic::{AreaId, Topic};
use super::view::{FileType, Nav, SavedFilter, View};
use crate::domain::work::Complaint;
use crate::export::Form;
use crate::store::ListFilter;

/// A list page (only the newest request runs).
const LIST: Topic = Topic::new(AreaId::Complaints, "list").latest_only().spinner().waited();
/// One complaint with its history.
const DETAIL: Topic = Topic::new(AreaId::Complaints, "detail").spinner().waited();
/// A step taken in the detail view.
const ACT: Topic = Topic::new(AreaId::Complaints, "act").spinner();
/// The save dialog of 打印, waiting for the user.
const SAVE_DIALOG: Topic = Topic::new(AreaId::Complaints, "save-dialog").quiet();
/// A printed form rendered and written.
const FORM: Topic = Topic::new(AreaId::Complaints, "form");

/// The complaints area.
pub struct Complaints {
    list: ListScreen,
    detail: Option<DetailScreen>,
    asked: Asked<Cmd>,
    /// Counts list requests: a page that arrives for an older one is stale.
    generation: u64,
}

impl Complaints {
    /// The area, with the list's filter as remembered.
    #[must_use]
    pub fn new(saved: SavedFilter) -> Self {
        Self { list: ListScreen::new(saved), detail: None, asked: Asked::default(), generation: 0 }
    }

    /// The list's filter, to remember between runs.
    #[must_use]
    pub fn saved(&self) -> SavedFilter {
        self.list.saved()
    }

    /// Rows of the loaded page, once one is loaded.
    #[must_use]
    pub fn rows(&self) -> Option<usize> {
        self.list.page.as_ref().map(|p| p.rows.len())
    }

    /// Whether a list page is being loaded (the list shows a spinner).
    #[must_use]
    pub fn loading(backend: &Backend) -> bool {
        backend.busy(LIST)
    }

    /// Ctrl+F: put the cursor in the search box.
    pub fn focus_search(&mut self) {
        self.list.focus_search();
    }

    fn load_list(&mut self, filter: ListFilter, cx: &mut Cx<'_>) {
        self.generation += 1;
        let generation = self.generation;
        let filter = cx.scoped(filter);
        cx.backend.send(LIST, move |store| (generation, list_job(store, &filter)));
    }

    fn load_detail(number: String, cx: &mut Cx<'_>) {
        cx.backend.send(DETAIL, move |store| detail_job(store, &number));
    }

    fn apply(&mut self, cmd: Cmd, cx: &mut Cx<'_>) {
        match cmd {
            Cmd::LoadList(filter) => self.load_list(filter, cx),
            Cmd::Act { number, action, head, seen } => {
                let (actor, now) = (cx.actor(), cx.now);
                cx.backend.send(ACT, move |store| act_job(store, &number, action, head, seen, &actor, now));
            }
            Cmd::ExportForm { number, form } => ask_where_to_save(number, form, cx),
        }
    }

    fn acted(&mut self, result: Result<Complaint, Refusal>, cx: &mut Cx<'_>) {
        match (result, &mut self.detail) {
            (Ok(c), Some(detail)) => {
                detail.acted();
                cx.notice(format!("{} 已更新：{}", c.number, c.state));
                Self::load_detail(c.number, cx);
                cx.send_status();
            }
            (Err(e), Some(detail)) => {
                if e.stale {
                    detail.reload_stale();
                    Self::load_detail(detail.number.clone(), cx);
                }
                detail.refused(e.message);
            }
            // The detail view was closed meanwhile: say how it went.
            (Ok(c), None) => {
                cx.notice(format!("{} 已更新：{}", c.number, c.state));
                cx.send_status();
            }
            (Err(e), None) => cx.notice(e.message),
        }
    }

    /// The save dialog answered: render and write the form on the store thread.
    fn save_to(answer: Option<(String, Form, Option<PathBuf>)>, cx: &mut Cx<'_>) {
        let Some((number, form, Some(path))) = answer else {
            cx.notice("未选择保存位置，没有导出。");
            return;
        };
        cx.backend.send(FORM, move |store| export_job(store, &number, form, &path));
    }
}

/// Open the save dialog on a task of its own, proposing e.g. `反馈单-TS….pdf` (one at a time).
fn ask_where_to_save(number: String, form: Form, cx: &mut Cx<'_>) {
    if cx.tasks.is_running(SAVE_DIALOG) {
        return;
    }
    let picker = cx.desk.save_picker.clone();
    let name = form.file_name(&number);
    if let Err(e) = cx.spawn(SAVE_DIALOG, "选择保存位置", move |_| {
        let path = picker(&name, FileType::Pdf);
        (number, form, path)
    }) {
        cx.notice(format!("无法打开保存对话框：{e}"));
    }
}

impl Area for Complaints {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Complaints)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.list.show(ui, view, &mut self.asked);
    }

    fn is_open(&self) -> bool {
        self.detail.is_some()
    }

    fn open_page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        if let Some(detail) = &mut self.detail {
            detail.show(ui, view, &mut self.asked);
        }
    }

    fn close(&mut self) {
        self.detail = None;
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            self.apply(cmd, cx);
        }
    }

    fn serve(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Option<Command> {
        match cmd {
            Command::OpenDetail(number) => {
                self.detail = Some(DetailScreen::loading(&number));
                Self::load_detail(number, cx);
            }
            Command::ShowComplaints { filter, drill } => {
                let filter = self.list.show_drill(filter, drill, cx.data, cx.now);
                self.load_list(filter, cx);
            }
            other => return Some(other),
        }
        None
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            LIST => {
                let Some((generation, result)) = take::<(u64, Result<ListPage, String>)>(done) else { return };
                // A newer filter was sent meanwhile: this page is stale.
                if generation == self.generation {
                    match result {
                        Ok(page) => self.list.page = Some(page),
                        Err(e) => cx.notice(e),
                    }
                }
            }
            DETAIL => match (take::<Result<DetailData, String>>(done), &mut self.detail) {
                (Some(Ok(d)), Some(screen)) if screen.number == d.complaint.number => screen.loaded(d),
                (Some(Err(e)), Some(screen)) => screen.error = Some(e),
                _ => {}
            },
            ACT => {
                if let Some(result) = take::<Result<Complaint, Refusal>>(done) {
                    self.acted(result, cx);
                }
            }
            SAVE_DIALOG => {
                let answer = if done.result.is::<TaskDied>() { None } else { take(done) };
                Self::save_to(answer, cx);
            }
            FORM => match take::<Result<PathBuf, String>>(done) {
                Some(Ok(path)) => {
                    cx.notice(format!("已导出 {}", path.display()));
                    if let Some(detail) = &mut self.detail {
                        detail.exported = Some(path);
                    }
                }
                Some(Err(e)) => cx.notice(e),
                None => {}
            },
            _ => {}
        }
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        let filter = self.list.filter(cx.data, cx.now);
        self.load_list(filter, cx);
    }

    fn others_changed(&mut self, cx: &mut Cx<'_>) {
        if let Some(detail) = &self.detail {
            Self::load_detail(detail.number.clone(), cx);
        }
    }
}
