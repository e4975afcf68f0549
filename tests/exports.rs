//! Files as recruiters have them (ATS and spreadsheet exports): mistakes that would pass
//! silently are refused with `FILE:LINE: field "NAME": reason` and the fix, and outputs are safe
//! to open in a spreadsheet.

mod util;

use std::path::Path;

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

#[test]
fn csv_output_is_safe_to_open_in_a_spreadsheet() {
    let dir = util::temp_dir();
    let input = util::write_file(
        dir.path(),
        "c.csv",
        "id,name,country,skills,total_stars\n\
         =1+1,\"=HYPERLINK(\"\"http://x\"\")\",+55 11,python,10\n\
         c2,@SUM(A1),-3.5,python,5\n",
    );
    let input = input.to_str().unwrap();
    let roles = util::fixture("roles/open.toml");
    let args = [
        "rank",
        "--candidates",
        input,
        "--roles",
        &roles,
        "--as-of",
        util::AS_OF,
        "--format",
        "csv",
    ];
    let safe = util::Csv::parse(&util::ok(&args).stdout);
    let rows: Vec<_> = safe
        .rows
        .iter()
        .filter(|r| util::cell(r, "rank") == "1")
        .collect();
    let ids: Vec<&str> = safe
        .rows
        .iter()
        .map(|r| util::cell(r, "candidate_id"))
        .collect();
    assert!(ids.contains(&"'=1+1"), "{ids:?}");
    assert!(safe
        .rows
        .iter()
        .any(|r| util::cell(r, "name") == "'=HYPERLINK(\"http://x\")"));
    assert!(safe
        .rows
        .iter()
        .any(|r| util::cell(r, "name") == "'@SUM(A1)"));
    assert!(safe
        .rows
        .iter()
        .any(|r| util::cell(r, "country") == "'+55 11"));
    assert!(
        safe.rows.iter().any(|r| util::cell(r, "country") == "-3.5"),
        "numbers stay numbers"
    );
    assert!(!rows.is_empty());
    let mut raw_args = args.to_vec();
    raw_args.push("--raw-csv");
    let raw = util::Csv::parse(&util::ok(&raw_args).stdout);
    let raw_ids: Vec<&str> = raw
        .rows
        .iter()
        .map(|r| util::cell(r, "candidate_id"))
        .collect();
    assert!(raw_ids.contains(&"=1+1"), "{raw_ids:?}");
}

#[test]
fn github_files_of_another_person_are_refused() {
    let gh = |name: &str| util::fixture(&format!("github/{name}"));
    let dir = util::temp_dir();
    let out = dir.path().join("out.jsonl");
    let out = out.to_str().unwrap();
    let user = gh("builder_user.json");
    let stderr = util::fail(&[
        "import",
        "github",
        "--user",
        &user,
        "--repos",
        &gh("forker_repos.json"),
        "--out",
        out,
        "--as-of",
        "2026-06-01",
    ]);
    assert!(stderr.contains("forker_repos.json"), "{stderr}");
    assert!(stderr.contains("belongs to \"fork-collector\""), "{stderr}");
    assert!(
        stderr.contains("give each --user its own --repos"),
        "{stderr}"
    );
    let events = util::write_file(
        dir.path(),
        "events.json",
        r#"[{"type": "PushEvent", "actor": {"login": "someone-else"},
             "created_at": "2026-05-28T10:00:00Z", "payload": {"size": 4}}]"#,
    );
    let stderr = util::fail(&[
        "import",
        "github",
        "--user",
        &user,
        "--repos",
        &gh("builder_repos.json"),
        "--events",
        events.to_str().unwrap(),
        "--out",
        out,
        "--as-of",
        "2026-06-01",
    ]);
    assert!(
        stderr.contains("event 1 is by \"someone-else\""),
        "{stderr}"
    );
    assert!(!std::path::Path::new(out).exists(), "nothing is written");
}

/// Ranks `file` against the open roles and returns the CSV ranking.
fn ranked(file: &Path) -> util::Csv {
    let run = util::ok(&util::rank_open(file, &["--format", "csv", "--top", "5"]));
    util::Csv::parse(&run.stdout)
}

#[test]
fn european_and_legacy_exports_read_as_the_comma_file_does() {
    let dir = util::temp_dir();
    let comma = "id,name,skills,total_stars\nc1,Ana,\"python;pytorch:3\",2400\nc2,Bea,go,10\n";
    let expected = ranked(&util::write_file(dir.path(), "comma.csv", comma));
    assert_eq!(expected.rows.len(), 2);
    let bom = [
        b"\xEF\xBB\xBF".as_slice(),
        comma.replace(',', ";").as_bytes(),
    ]
    .concat();
    for (name, bytes) in [
        ("semicolon_bom.csv", bom),
        ("tab.csv", comma.replace(',', "\t").into_bytes()),
        ("pipe.csv", comma.replace(',', "|").into_bytes()),
    ] {
        let got = ranked(&util::write_file(dir.path(), name, bytes));
        assert_eq!(got.rows, expected.rows, "{name}");
    }
    let jsonl = "\u{FEFF}{\"id\": \"c1\", \"name\": \"Ana\", \"skills\": \"python;pytorch:3\", \"total_stars\": 2400}\n\
                 {\"id\": \"c2\", \"name\": \"Bea\", \"skills\": \"go\", \"total_stars\": 10}\n";
    let got = ranked(&util::write_file(dir.path(), "bom.jsonl", jsonl));
    assert_eq!(got.rows, expected.rows, "JSONL with a byte-order mark");
}

#[test]
fn misspelt_and_repeated_columns_are_refused_and_attributes_are_listed() {
    let dir = util::temp_dir();
    for (header, column, expected) in [
        (
            "id,Years Experience,skills",
            "Years Experience",
            "did you mean \"years_experience\"",
        ),
        ("id,skill", "skill", "did you mean \"skills\""),
        ("id,salary", "salary", "did you mean \"salary_expectation\""),
        ("id,skills,Skills", "Skills", "column 3 repeats column 2"),
    ] {
        let file = util::write_file(dir.path(), "c.csv", format!("{header}\nc1,3,python\n"));
        let stderr = util::fail(&util::rank_open(&file, &[]));
        let m = &util::row_messages(&stderr)[0];
        assert_eq!((m.line, m.field.as_str()), (1, column), "{stderr}");
        assert!(m.reason.contains(expected), "{header}: {}", m.reason);
    }
    let file = util::write_file(
        dir.path(),
        "c.csv",
        "id,gender,age_band,skills\nc1,f,30-39,python\n",
    );
    let run = util::ok(&util::rank_open(&file, &[]));
    assert!(
        run.stderr
            .contains("kept for audit, never scored: gender, age_band"),
        "{}",
        run.stderr
    );
}

#[test]
fn legacy_encodings_are_named_and_read_with_the_flag() {
    let dir = util::temp_dir();
    let roles = util::fixture("roles/open.toml");
    let latin1 = util::write_file(
        dir.path(),
        "latin1.csv",
        b"id,name,skills,total_stars\nc1,Jos\xe9 Mart\xedn,python,10\n".as_slice(),
    );
    let latin1 = latin1.to_str().unwrap();
    let base = [
        "rank",
        "--candidates",
        latin1,
        "--roles",
        &roles,
        "--as-of",
        util::AS_OF,
    ];
    let stderr = util::fail(&base);
    let m = &util::row_messages(&stderr)[0];
    assert_eq!((m.line, m.field.as_str()), (2, "name"), "{stderr}");
    assert!(m.reason.contains("--encoding windows-1252"), "{}", m.reason);
    let mut args = base.to_vec();
    args.extend(["--encoding", "windows-1252", "--format", "json"]);
    let doc = util::json(&util::ok(&args).stdout);
    assert_eq!(doc["roles"][0]["ranking"][0]["name"], "José Martín");
    // UTF-16 with a byte-order mark needs no flag.
    let text = "id,name,skills,total_stars\nc1,José,python,10\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let file = util::write_file(dir.path(), "utf16.csv", utf16);
    let run = util::ok(&util::rank_open(&file, &["--format", "json"]));
    assert_eq!(
        util::json(&run.stdout)["roles"][0]["ranking"][0]["name"],
        "José"
    );
}

#[test]
fn tables_escape_control_characters_keep_ids_whole_and_fit_100_columns() {
    let dir = util::temp_dir();
    let file = util::write_file(
        dir.path(),
        "c.csv",
        "id,name,country,skills,total_stars\n\
         gh:kennethreitz-with-a-long-login,\"Ana 日本語 🚀 with a very long name indeed\",Brazil,python,10\n\
         c2,\"Bad\u{1b}[2J\nName\",Chile,python,5\n",
    );
    let run = util::ok(&util::rank_open(&file, &[]));
    let table = run.stdout_text();
    assert!(
        !table.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(table.contains("Bad\\u{1b}"), "escaped, not sent: {table}");
    assert!(
        table.contains("gh:kennethreitz-with-a-long-login "),
        "ids are never cut: {table}"
    );
    for line in table.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= 100, "{width} columns: {line}");
    }
}

#[test]
fn implausible_numbers_are_row_errors() {
    let dir = util::temp_dir();
    for (column, value) in [
        ("total_stars", "99999999999"),
        ("commits_last_year", "5000000"),
        ("salary_expectation", "1e300"),
        ("certifications", "5000"),
    ] {
        let file = util::write_file(
            dir.path(),
            "c.csv",
            format!("id,skills,{column}\nc1,python,{value}\n"),
        );
        let stderr = util::fail(&util::rank_open(&file, &[]));
        let m = &util::row_messages(&stderr)[0];
        assert_eq!((m.line, m.field.as_str()), (2, column), "{stderr}");
        assert!(m.reason.starts_with("implausible"), "{}", m.reason);
    }
}

#[test]
fn ats_exports_are_read_as_they_are_with_renames_or_a_mapping_file() {
    let dir = util::temp_dir();
    let comma = "id,name,years_experience,skills,total_stars\n\
                 c1,Ana,6,\"python;pytorch:3\",2400\nc2,Bea,2,go,10\n";
    let expected = ranked(&util::write_file(dir.path(), "comma.csv", comma));
    // A semicolon export whose header would be detected as pipe-separated: the flag decides.
    let ats = "Candidate ID;Full Name|Alias;Years of Experience;skills;total_stars\n\
               c1;Ana;6;python|pytorch:3;2400\nc2;Bea;2;go;10\n"
        .replace("python|pytorch", "\"python;pytorch")
        .replace(":3;2400", ":3\";2400");
    let ats = util::write_file(dir.path(), "ats.csv", ats);
    let stderr = util::fail(&util::rank_open(&ats, &["--delimiter", ";"]));
    let m = &util::row_messages(&stderr)[0];
    assert_eq!((m.line, m.field.as_str()), (1, "Years of Experience"));
    assert!(
        m.reason
            .contains("--rename 'Years of Experience=years_experience'"),
        "{}",
        m.reason
    );
    let renames = [
        "--delimiter",
        ";",
        "--rename",
        "Candidate ID=id",
        "--rename",
        "Full Name|Alias=name",
        "--rename",
        "years of experience=years_experience",
        "--format",
        "csv",
        "--top",
        "5",
    ];
    let run = util::ok(&util::rank_open(&ats, &renames));
    assert_eq!(util::Csv::parse(&run.stdout).rows, expected.rows);
    let map = util::write_file(
        dir.path(),
        "ats.toml",
        "delimiter = \";\"\n[columns]\n\"Candidate ID\" = \"id\"\n\"Full Name|Alias\" = \
         \"name\"\n\"Years of Experience\" = \"years_experience\"\n",
    );
    let map = map.to_str().unwrap();
    let run = util::ok(&util::rank_open(
        &ats,
        &["--column-map", map, "--format", "csv", "--top", "5"],
    ));
    assert_eq!(util::Csv::parse(&run.stdout).rows, expected.rows);
    // A rename to no field, or of a column the header lacks, is refused with the fix.
    let stderr = util::fail(&util::rank_open(
        &ats,
        &["--column-map", map, "--rename", "Nickname=nmae"],
    ));
    assert!(stderr.contains("did you mean \"name\""), "{stderr}");
    let stderr = util::fail(&util::rank_open(
        &ats,
        &["--column-map", map, "--rename", "Nickname=name"],
    ));
    let m = &util::row_messages(&stderr)[0];
    assert_eq!((m.line, m.field.as_str()), (1, "Nickname"), "{stderr}");
    assert!(m.reason.contains("no such column"), "{}", m.reason);
    // The mapping file is an input: it is never overwritten.
    let stderr = util::fail(&util::rank_open(&ats, &["--column-map", map, "--out", map]));
    assert!(
        stderr.contains("is the same file as --column-map"),
        "{stderr}"
    );
}

#[test]
fn evaluate_and_skills_read_exports_with_the_same_flags() {
    let dir = util::temp_dir();
    // The bundled sample as a semicolon export (skill lists, which hold ';', get quoted) whose
    // id column goes by another name.
    let mut reader = csv::Reader::from_path(util::root().join("data/candidates.csv")).unwrap();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    header = header
        .iter()
        .map(|h| if h == "id" { "Candidate ID" } else { h })
        .collect();
    writer.write_record(&header).unwrap();
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    let export = util::write_file(dir.path(), "export.csv", writer.into_inner().unwrap());
    let export = export.to_str().unwrap();
    let labels = util::data("labels.csv");
    let evaluate = |candidates: &str, extra: &[&str]| {
        let mut args = vec![
            "evaluate",
            "--labels",
            &labels,
            "--candidates",
            candidates,
            "--as-of",
            util::AS_OF,
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        util::json(&util::ok(&args).stdout)
    };
    let expected = evaluate(&util::data("candidates.csv"), &[]);
    let got = evaluate(export, &["--rename", "Candidate ID=id"]);
    assert!(expected["ndcg@10"].as_f64().unwrap() > 0.0);
    for key in ["ndcg@10", "map", "per_query"] {
        assert_eq!(got[key], expected[key], "{key}");
    }
    let run = util::ok(&["skills", "unknown", export, "--rename", "Candidate ID=id"]);
    let reference = util::ok(&["skills", "unknown", &util::data("candidates.csv")]);
    assert_eq!(run.stdout, reference.stdout);
}
