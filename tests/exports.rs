//! Files as recruiters have them (ATS and spreadsheet exports): mistakes that would pass
//! silently are refused with `FILE:LINE: field "NAME": reason` and the fix, and outputs are safe
//! to open in a spreadsheet.

mod util;

#[test]
fn comma_separated_skills_are_refused_with_the_fix() {
    let file = util::fixture("bad/comma_skills.csv");
    let stderr = util::fail(&[
        "rank",
        "--candidates",
        &file,
        "--roles",
        &util::fixture("roles/open.toml"),
        "--as-of",
        util::AS_OF,
    ]);
    let messages = util::row_messages(&stderr);
    assert_eq!(messages.len(), 1, "{stderr}");
    let m = &messages[0];
    assert_eq!(
        (m.file.as_str(), m.line, m.field.as_str()),
        (file.as_str(), 3, "skills")
    );
    assert!(
        m.reason.contains("write \"python;pytorch:3\""),
        "{}",
        m.reason
    );
}
