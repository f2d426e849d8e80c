//! The bundled Simplified Chinese font, shared by the window and the printed forms.

/// Noto Sans SC, subset to GBK + punctuation (see `assets/fonts/subset.sh`, licence `OFL.txt`).
pub const NOTO_SANS_SC: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-RoadDesk.otf");
