//! `roaddesk`: no subcommand opens the window; subcommands drive the library headlessly.

use clap::Parser;

fn main() {
    // A closed pipe (`roaddesk list | head`) ends the program quietly; any other panic is a bug,
    // reported in one line rather than a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        let at = info.location().map(|l| format!("（{}:{}）", l.file(), l.line())).unwrap_or_default();
        eprintln!("内部错误：{msg}{at}。请把这句话告诉维护人员。");
    }));
    let cli = roaddesk::cli::Cli::parse();
    if let Err(f) = roaddesk::cli::run(cli) {
        eprintln!("错误：{}", f.message);
        std::process::exit(f.code);
    }
}
