//! The `papila` binary: parse the command line and hand it to the library.

fn main() {
    // Rust ignores SIGPIPE, so a print to a closed pipe (`papila check … | head`) would panic.
    // SAFETY: setting a signal's disposition to its default, before any thread starts.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(warning) = papila::lang::choose_from(&args) {
        eprintln!("{warning}");
    }
    let cli = match papila::cli::parse(args) {
        Ok(cli) => cli,
        Err(e) => papila::exit_on_usage_error(e),
    };
    std::process::exit(papila::run(cli));
}
