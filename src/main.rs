//! The `kg` command line: parses arguments, runs one command, maps errors to exit codes.
//!
//! Exit codes: 0 success, 1 runtime failure, 2 usage or input error.

mod cli;

use std::process::ExitCode;

// mimalloc instead of glibc malloc: the analysis allocates many small, short-lived
// strings and vectors per token and per sentence, and glibc's malloc/free paths
// (with consolidation) were about 8% of a one-thread build; mimalloc's per-thread
// free lists make them cheap and keep threads from contending for one arena.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    // Ctrl-C / SIGTERM must not leave half-written outputs behind.
    if let Err(e) = kg::io::remove_temporaries_on_interrupt() {
        eprintln!("kg: warning: no interrupt handler: {e}");
    }
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`kg … | head`) is not a failure.
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("kg: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
