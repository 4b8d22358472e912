//! Kill tests: `gongshi build`, `gongshi print` and `gongshi import` are killed (SIGKILL)
//! at random moments, many times, and what they leave is checked: OUT is always absent (before
//! the first build that finished), or exactly the previous site, or exactly the new one, whole;
//! an import leaves only whole files. The seed is printed; `GONGSHI_KILL_SEED=N` repeats a run.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TODAY, TestSite, VALID_ITEM, gongshi};

/// A small seeded random generator (xorshift64*), so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A fraction in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn seed() -> u64 {
    std::env::var("GONGSHI_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6f6e_6773_6869)
}

/// Every file under `dir` by relative path with its bytes; `None` when `dir` is absent.
fn snapshot(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    if !dir.exists() {
        return None;
    }
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.expect("walk OUT");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        let bytes = if entry.file_type().is_dir() {
            b"<dir>".to_vec()
        } else {
            std::fs::read(entry.path()).expect("read OUT file")
        };
        files.insert(rel, bytes);
    }
    Some(files)
}

/// The staging and old folders of killed runs beside OUT (`.NAME.staging-PID`, `.NAME.old-PID`).
fn beside(out: &Path) -> Vec<String> {
    let parent = out.parent().expect("parent");
    let ours = format!(".{}.", out.file_name().expect("name").to_string_lossy());
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&ours))
        // The stamp of the last finished build belongs there (docs/web.md, "Up to date").
        .filter(|n| !n.ends_with(".gongshi-stamp"))
        .collect();
    names.sort();
    names
}

/// A whole OUT, by relative path.
type Tree = BTreeMap<String, Vec<u8>>;

/// Writes `tree` as the folder `dir` (emptied first).
fn restore(tree: &Tree, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("mkdir");
    for (rel, bytes) in tree {
        let path = dir.join(rel);
        if bytes == b"<dir>" {
            std::fs::create_dir_all(&path).expect("mkdir");
        } else {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, bytes).expect("write");
        }
    }
}

/// The whole outputs seen so far, and which one a finished run of a content version makes
/// over which previous one (OUT is not a pure function of the content: the print order
/// says which sheets changed since the previous OUT). Computed on demand by real runs in a
/// scratch folder.
struct Outcomes<'a> {
    trees: Vec<Tree>,
    after: BTreeMap<(Option<usize>, bool), usize>,
    /// Which content version made each output.
    version: BTreeMap<usize, bool>,
    scratch: PathBuf,
    make: &'a dyn Fn(&Path) -> Command,
}

impl Outcomes<'_> {
    fn index(&mut self, tree: Tree) -> usize {
        match self.trees.iter().position(|t| *t == tree) {
            Some(i) => i,
            None => {
                self.trees.push(tree);
                self.trees.len() - 1
            }
        }
    }

    /// What a whole run of the current content (`version_a` says which) makes over the
    /// output `previous` (`None`: no OUT yet).
    fn after(&mut self, previous: Option<usize>, version_a: bool) -> usize {
        if let Some(&i) = self.after.get(&(previous, version_a)) {
            return i;
        }
        match previous {
            Some(p) => restore(&self.trees[p].clone(), &self.scratch),
            None => {
                let _ = std::fs::remove_dir_all(&self.scratch);
            }
        }
        let output = (self.make)(&self.scratch).output().expect("run");
        assert!(output.status.success(), "{output:?}");
        let tree = snapshot(&self.scratch).expect("scratch OUT");
        let i = self.index(tree);
        self.after.insert((previous, version_a), i);
        self.version.insert(i, version_a);
        i
    }
}

/// Where the kills landed, for the report printed by each test.
#[derive(Default, Debug)]
struct Tally {
    runs: usize,
    /// Killed while OUT was still the previous one with nothing beside it (loading,
    /// rendering, printing).
    before_writing: usize,
    /// Killed while the new output was being written beside OUT, before the swap.
    writing_new: usize,
    /// Killed after the swap, while the previous output was being removed.
    removing_old: usize,
    /// Killed after OUT was replaced and cleaned up, before the process ended.
    after_writing: usize,
    /// The run finished before the kill.
    finished: usize,
}

/// The staging and old folders of the process `pid` beside `out`.
fn of_process(out: &Path, pid: u32) -> Vec<String> {
    let suffix = format!("-{pid}");
    beside(out)
        .into_iter()
        .filter(|n| n.ends_with(&suffix))
        .collect()
}

/// Waits until OUT starts to change (its folder is another one, or its marker is gone) or
/// the child ends.
fn wait_for_swap(child: &mut std::process::Child, out: &Path, limit: Duration) {
    use std::os::unix::fs::MetadataExt as _;
    let inode = |p: &Path| std::fs::metadata(p).map(|m| m.ino()).ok();
    let before = inode(out);
    let until = Instant::now() + limit;
    let mut polls = 0u32;
    while Instant::now() < until {
        if inode(out) != before || !out.join(".gongshi-output").exists() {
            return;
        }
        polls += 1;
        if polls.is_multiple_of(64) && child.try_wait().ok().flatten().is_some() {
            return;
        }
    }
}

/// Waits until the child's staging folder appears beside `out` or the child ends; true when
/// it appeared.
fn wait_for_staging(child: &mut std::process::Child, out: &Path, limit: Duration) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if !of_process(out, child.id()).is_empty() {
            return true;
        }
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

/// Runs `make(out)` `runs` times, switching the site between two content versions each run
/// and killing it (SIGKILL): a quarter of the runs before the staging folder appears, a fifth
/// after a random delay spread over a whole run, the rest at a random moment after the staging
/// folder appeared (while the new output is written, swapped in, and the previous one
/// removed). After each kill
/// OUT must be exactly what it was before the run (absent before the first finished run), or
/// exactly what a whole run makes from it.
fn kill_repeatedly(
    label: &str,
    runs: usize,
    out: &Path,
    set_version: &dyn Fn(bool),
    make: &dyn Fn(&Path) -> Command,
) -> Tally {
    let seed = seed();
    let mut rng = Rng::new(seed ^ label.len() as u64);
    let scratch_dir = tempfile::tempdir().expect("scratch");
    let mut outcomes = Outcomes {
        trees: Vec::new(),
        after: BTreeMap::new(),
        version: BTreeMap::new(),
        scratch: scratch_dir.path().join("out"),
        make,
    };
    // How long one whole run takes here, to spread the kills over it: the shortest of three.
    // One timing alone came out up to three times too long on a busy machine or just after a
    // build, and kills spread over that landed late, leaving too few before the writing.
    set_version(true);
    let started = Instant::now();
    outcomes.after(None, true);
    let mut whole = started.elapsed();
    for _ in 0..2 {
        let _ = std::fs::remove_dir_all(&outcomes.scratch);
        let started = Instant::now();
        let output = make(&outcomes.scratch).output().expect("run");
        assert!(output.status.success(), "{output:?}");
        whole = whole.min(started.elapsed());
    }
    // How long writing takes (from the staging folder's appearance to the end of a run
    // that replaces a previous output), to spread the late kills over it.
    let _ = std::fs::remove_dir_all(out);
    assert!(make(out).status().expect("run").success());
    set_version(false);
    let mut child = make(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let staged = wait_for_staging(&mut child, out, whole * 20);
    let staged_at = Instant::now();
    assert!(child.wait().expect("wait").success());
    let writing = if staged {
        staged_at.elapsed()
    } else {
        whole / 10
    };
    let _ = std::fs::remove_dir_all(out);
    let mut tally = Tally::default();
    let mut previous: Option<usize> = None;
    for run in 0..runs {
        // The first runs start without OUT; from then on OUT holds a whole output (made by a
        // run to its end if no killed run got that far).
        if run < FRESH_RUNS {
            let _ = std::fs::remove_dir_all(out);
            previous = None;
        } else if previous.is_none() {
            set_version(true);
            assert!(make(out).status().expect("run").success());
            previous = Some(outcomes.after(None, true));
            assert_eq!(
                snapshot(out).as_ref(),
                Some(&outcomes.trees[previous.expect("some")])
            );
        }
        // Always the other content than OUT holds, so that every run has something to write.
        let version_a = match previous {
            Some(i) => !outcomes.version[&i],
            None => run % 2 == 0,
        };
        set_version(version_a);
        let mut child = make(out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let started = Instant::now();
        let mode = rng.unit();
        if mode < 0.25 {
            // Before the new output is begun (while the site is read and checked; pages are
            // written as they are rendered, so this is the first part of a run).
            std::thread::sleep(whole.saturating_sub(writing).mul_f64(rng.unit() * 0.9));
        } else if mode < 0.45 {
            // Anywhere in the run.
            std::thread::sleep(whole.mul_f64(rng.unit() * 1.1));
        } else if mode < 0.7 {
            // While the new output is written beside OUT.
            wait_for_staging(&mut child, out, whole * 20);
            std::thread::sleep(writing.mul_f64(rng.unit()));
        } else {
            // At the swap, and while the previous output is removed.
            wait_for_swap(&mut child, out, whole * 20);
            let u = rng.unit();
            std::thread::sleep(Duration::from_micros((u * u * 2000.0) as u64));
        }
        let delay = started.elapsed();
        let exited = child.try_wait().expect("poll").is_some();
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let leftovers = of_process(out, child.id());
        let state = snapshot(out);
        let what = format!(
            "{label} run {run} (seed {seed}, killed after {delay:?} of ~{whole:?}), beside OUT: {leftovers:?}"
        );
        let new = outcomes.after(previous, version_a);
        let now = match state {
            None => {
                assert!(previous.is_none(), "{what}: OUT vanished");
                None
            }
            Some(tree) => {
                let files = tree.len();
                let i = outcomes.index(tree);
                assert!(
                    Some(i) == previous || i == new,
                    "{what}: OUT ({files} files) is neither the previous output nor the new one, whole"
                );
                Some(i)
            }
        };
        if exited || status.success() {
            tally.finished += 1;
            assert_eq!(now, Some(new), "{what}: a finished run left another OUT");
        } else if leftovers.is_empty() && now != previous {
            tally.after_writing += 1;
        } else if leftovers.is_empty() {
            tally.before_writing += 1;
        } else if now == previous {
            tally.writing_new += 1;
        } else {
            tally.removing_old += 1;
        }
        previous = now;
        tally.runs += 1;
    }
    // A last run to its end: whole, and nothing left beside OUT.
    let status = make(out).status().expect("run");
    assert!(status.success(), "{label}: the run after the kills fails");
    assert_eq!(beside(out), Vec::<String>::new(), "{label}: leftovers");
    eprintln!(
        "{label}: {tally:?}, one run {whole:?}, writing {writing:?}, {} distinct whole outputs, seed {seed}",
        outcomes.trees.len()
    );
    tally
}

/// How many runs of [`kill_repeatedly`] start without OUT.
const FRESH_RUNS: usize = 6;

/// A copy of the reference site in `dir/site`, with OUT at `dir/out`.
fn reference_copy(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    common::copy_dir(&common::reference_site(), &site);
    site
}

/// Switches `site` between two content versions that differ in pages, files and folders.
fn switcher(site: &Path, item: &'static str) -> impl Fn(bool) + use<> {
    let site = site.to_path_buf();
    let original = std::fs::read_to_string(site.join(item)).expect("item");
    move |a: bool| {
        let extra = site.join("content/items/kill-extra.yaml");
        if a {
            std::fs::write(site.join(item), &original).expect("write A");
            let _ = std::fs::remove_file(&extra);
        } else {
            let edited = original.replacen("1个工作日", "2个工作日", 1);
            let edited = if edited == original {
                format!("{original}\n# B\n")
            } else {
                edited
            };
            std::fs::write(site.join(item), edited).expect("write B");
            let extra_item = VALID_ITEM
                .replace("GJJ-1", "KILL-EXTRA-1")
                .replace("公积金提取", "新增事项");
            std::fs::write(&extra, extra_item).expect("write extra");
        }
    }
}

fn build_command(site: &Path) -> impl Fn(&Path) -> Command + use<> {
    let site = site.to_path_buf();
    move |out: &Path| {
        let mut c = gongshi();
        c.env("GONGSHI_TODAY", TODAY)
            .arg("build")
            .arg(&site)
            .arg("-o")
            .arg(out)
            .arg("--no-print");
        c
    }
}

#[test]
fn killing_build_leaves_the_old_site_or_the_new_one_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let site = reference_copy(dir.path());
    let out = dir.path().join("out");
    let set_version = switcher(&site, "content/items/gjj-loan.yaml");
    let make = build_command(&site);
    let tally = kill_repeatedly("build", 60, &out, &set_version, &make);
    assert_eq!(tally.runs, 60);
    assert!(
        tally.before_writing >= 10 && tally.writing_new + tally.removing_old >= 5,
        "kills must land both before and while OUT is written: {tally:?}"
    );
}

#[test]
fn killing_print_leaves_the_old_sheets_or_the_new_ones_whole() {
    let site = TestSite::new();
    let root = site.path().to_path_buf();
    let out_dir = tempfile::tempdir().expect("out dir");
    let out = out_dir.path().join("print");
    let set_version = switcher(&root, "content/items/withdraw.yaml");
    let make = move |out: &Path| {
        let mut c = gongshi();
        c.env("GONGSHI_TODAY", TODAY)
            .arg("print")
            .arg(&root)
            .arg("-o")
            .arg(out)
            .args(["--only", "handout,window_sign"]);
        c
    };
    let tally = kill_repeatedly("print", 50, &out, &set_version, &make);
    assert_eq!(tally.runs, 50);
    assert!(
        tally.before_writing >= 10 && tally.writing_new + tally.removing_old >= 3,
        "kills must land both before and while OUT is written: {tally:?}"
    );
}

/// A CSV 实施清单 of `n` items.
fn workbook(n: usize) -> String {
    let mut csv = String::from(
        "事项名称,事项编码,窗口,办件类型,承诺办结时限,法定办结时限,收费标准,申请材料,设定依据\r\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "测试事项{i},KILL-{i:05},gjj,承诺件,{}个工作日,20日,不收费,\"1、身份证原件\n2、申请表{i}\",《条例》第{i}条\r\n",
            1 + i % 15
        ));
    }
    csv
}

#[test]
fn killing_import_leaves_only_whole_files() {
    const ITEMS: usize = 1500;
    let book_dir = tempfile::tempdir().expect("dir");
    let book = book_dir.path().join("清单.csv");
    std::fs::write(&book, workbook(ITEMS)).expect("write csv");
    let import = |site: &Path| {
        let mut c = gongshi();
        c.arg("import").arg(&book).arg(site).args(["--lang", "en"]);
        c
    };
    // The files a whole import writes.
    let reference = TestSite::new();
    let started = Instant::now();
    let output = import(reference.path()).output().expect("run");
    let whole = started.elapsed();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let expected = snapshot(&reference.path().join("content/items")).expect("items");
    assert!(expected.len() > ITEMS, "{}", expected.len());

    let mut rng = Rng::new(seed());
    let mut partial_runs = 0;
    for run in 0..12 {
        let started = Instant::now();
        let site = TestSite::new();
        // Killed once a random number of files is written (most runs), or at a random
        // moment of the whole run.
        let target = (rng.unit() * ITEMS as f64) as usize;
        let anywhere = rng.unit() < 0.25;
        let delay = whole.mul_f64(rng.unit());
        let items_dir = site.path().join("content/items");
        let mut child = import(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        if anywhere {
            std::thread::sleep(delay);
        } else {
            let until = Instant::now() + whole * 20;
            while Instant::now() < until
                && child.try_wait().ok().flatten().is_none()
                && std::fs::read_dir(&items_dir).map_or(0, Iterator::count) < target
            {
                std::thread::sleep(Duration::from_micros(300));
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let items = snapshot(&site.path().join("content/items")).expect("items");
        let written = items.keys().filter(|k| !k.starts_with('.')).count();
        if written > 1 && written <= ITEMS {
            partial_runs += 1;
        }
        for (name, bytes) in &items {
            if name.starts_with('.') {
                // A temporary file of the killed write: hidden, so the loader skips it.
                assert!(name.ends_with(".tmp"), "run {run}: unexpected {name}");
                continue;
            }
            assert_eq!(
                Some(bytes),
                expected.get(name),
                "run {run} (killed after {:?}): {name} is not whole",
                started.elapsed()
            );
        }
        // The site still loads: every file there parses (a hidden temporary is skipped).
        let (_, diags) = site.check(&[]);
        assert!(
            !diags
                .iter()
                .any(|d| d["code"] == "E001" || d["code"] == "E020"),
            "run {run}: {diags:#?}"
        );
        // Importing again completes the site and leaves no temporary file behind.
        let again = import(site.path()).output().expect("run");
        assert!(again.status.code().is_some_and(|c| c <= 1), "{again:?}");
        let after = snapshot(&site.path().join("content/items")).expect("items");
        assert_eq!(after, expected, "run {run}: the second import is not whole");
    }
    eprintln!("import: 12 kills, {partial_runs} mid-import, one run {whole:?}");
    assert!(
        partial_runs >= 3,
        "kills must land mid-import: {partial_runs}"
    );
}
