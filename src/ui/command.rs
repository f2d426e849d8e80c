//! What a screen asks for, applied after the frame (egui's deferred-command pattern).
//!
//! Each area has its own command type for its own screens (`complaints::Cmd`, `stats::Cmd` …);
//! a screen pushes those into the area's [`Asked`]. What crosses areas — open a complaint, go to
//! a page, make a file — is a [`Command`] the shell routes to the area that serves it. Its
//! payloads are domain values and the request types of [`super::view`], so this module names no
//! area.

use std::path::PathBuf;

use super::theme::ThemeChoice;
use super::view::{Drill, FileJob, Nav, SavedFilter};

/// A request that crosses areas; the shell applies it, or hands it to the area that serves it.
#[derive(Debug, Clone)]
pub enum Command {
    /// Go to a page (closes the intake form and the detail view).
    Navigate(Nav),
    /// Open a complaint's detail.
    OpenDetail(String),
    /// Close the intake form or the detail view, back to the page.
    ClosePage,
    /// Open the 新建投诉 form.
    NewComplaint,
    /// Open 投诉工单 on the complaints behind a figure: the list's own filter controls set to
    /// `filter`, plus what only a figure can ask for (`drill`).
    ShowComplaints {
        filter: SavedFilter,
        drill: Drill,
    },
    /// Ask where to save `form` of complaint `number` (save dialog off the UI thread), then write it.
    ExportForm {
        number: String,
        form: crate::export::Form,
    },
    /// Ask for a folder (dialog off the UI thread), then write `forms` of every complaint in
    /// `numbers` into it on the batch-export task.
    ExportBatch {
        numbers: Vec<String>,
        forms: Vec<crate::export::Form>,
    },
    /// Ask where to save (save dialog off the UI thread, proposing the job's file name and
    /// format), then make the file on the file-export task.
    ExportFile(FileJob),
    /// Open a written file (or folder) with the system's program (to print it).
    OpenFile(PathBuf),
    SetTheme(ThemeChoice),
    Logout,
    /// Tell the user something went wrong (or right), in Chinese.
    Notice(String),
}

/// What an area's screens asked for this frame: its own commands and the cross-area ones.
#[derive(Debug)]
pub struct Asked<C> {
    own: Vec<C>,
    shell: Vec<Command>,
}

impl<C> Default for Asked<C> {
    fn default() -> Self {
        Self { own: Vec::new(), shell: Vec::new() }
    }
}

impl<C> Asked<C> {
    /// One of the area's own commands.
    pub fn push(&mut self, cmd: C) {
        self.own.push(cmd);
    }

    /// A request for the shell or another area.
    pub fn ask(&mut self, cmd: Command) {
        self.shell.push(cmd);
    }

    /// The area's own commands, emptying them; the cross-area requests go to `later` (the
    /// shell applies them).
    pub fn take(&mut self, later: &mut Vec<Command>) -> Vec<C> {
        later.append(&mut self.shell);
        std::mem::take(&mut self.own)
    }
}
