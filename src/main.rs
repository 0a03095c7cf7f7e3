//! `scr`: the command line of scrkit. It parses arguments and prints; the library does the work.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
