//! The `docsearch` command: flags and glue over the library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
