//! The `kg` command line; everything it does is in [`kg::cli`].

use std::process::ExitCode;

// mimalloc instead of glibc malloc: the analysis allocates many small, short-lived
// strings and vectors per token and per sentence, and glibc's malloc/free paths
// (with consolidation) were about 8% of a one-thread build; mimalloc's per-thread
// free lists make them cheap and keep threads from contending for one arena.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    kg::cli::main()
}
