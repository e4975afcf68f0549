//! Headless Chromium (Debian's `chromium`, which `.ci/run` installs when missing) renders the
//! HTML reports: a screenshot that is not blank, no console errors, and the rendered page.

use std::path::Path;
use std::process::Command;

/// The browser's name on this machine; `None` (after saying so) when there is none outside
/// CI. With `CI` set a missing browser fails the test.
fn find() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is missing: .ci/run installs it"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Opens the page at `html` in headless Chromium at `width`×`height`: saves a screenshot to
/// `shot`, checks that it is not (nearly) one colour and that the page logged no console
/// error, and returns the page's DOM as rendered. `None` when the browser is missing outside
/// CI (the test is then skipped, with a message).
pub fn render(html: &Path, shot: &Path, (width, height): (u32, u32)) -> Option<String> {
    let chromium = find()?;
    let profile = super::temp_dir();
    let url = format!("file://{}", html.display());
    let window = format!("--window-size={width},{height}");
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        window.as_str(),
    ];
    let output = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "chromium failed:\n{log}");
    assert!(
        !log.contains(":CONSOLE(") && !log.contains("Uncaught"),
        "console errors:\n{log}"
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let pixels = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let first = &pixels[..step];
    let different = pixels.chunks(step).filter(|p| *p != first).count();
    assert!(
        different > pixels.len() / step / 100,
        "the screenshot is (nearly) one colour: {different} pixels differ"
    );
    let dom = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom_log = String::from_utf8_lossy(&dom.stderr);
    assert!(!dom_log.contains(":CONSOLE("), "console errors:\n{dom_log}");
    Some(String::from_utf8_lossy(&dom.stdout).into_owned())
}
