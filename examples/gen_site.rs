//! Writes the synthetic benchmark center (tests/common/corpus.rs) as a gongshi site and,
//! optionally, the same corpus as a Zola and a Hugo site.
//!
//! ```sh
//! cargo run --release --example gen_site -- 10000 DIR [--zola DIR2] [--hugo DIR3]
//! ```
//!
//! Each folder must be absent, empty, or one this generator wrote before (it holds a
//! `.gongshi-large-site` marker), which is then emptied first.

#[allow(dead_code)] // `corpus::generate` is the tests' shorthand
#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_site N DIR [--zola DIR] [--hugo DIR]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_site: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut positional = Vec::new();
    let (mut zola, mut hugo) = (None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--zola" => zola = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            "--hugo" => hugo = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}\n{USAGE}")),
            _ => positional.push(arg),
        }
    }
    let [n, dir] = positional.as_slice() else {
        return Err(USAGE.to_string());
    };
    let n: usize = n
        .parse()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| format!("N must be a whole number of at least 1, not {n:?}"))?;

    let start = Instant::now();
    let corpus = corpus::Corpus::new(n);
    let report = |what: &str, dir: &PathBuf, s: corpus::Summary| {
        println!(
            "wrote {}: {what}, {} items, {} windows, {} staff, {} files",
            dir.display(),
            s.items,
            s.windows,
            s.staff,
            s.files
        );
    };
    let dir = PathBuf::from(dir);
    let fail = |dir: &PathBuf, e: std::io::Error| format!("{}: {e}", dir.display());
    report(
        "gongshi",
        &dir,
        corpus.write_gongshi(&dir).map_err(|e| fail(&dir, e))?,
    );
    if let Some(dir) = zola {
        report(
            "zola",
            &dir,
            corpus.write_zola(&dir).map_err(|e| fail(&dir, e))?,
        );
    }
    if let Some(dir) = hugo {
        report(
            "hugo",
            &dir,
            corpus.write_hugo(&dir).map_err(|e| fail(&dir, e))?,
        );
    }
    eprintln!("generated in {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}
