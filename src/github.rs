//! Importing saved GitHub REST API v3 responses as candidate evidence.
//!
//! Inputs are the JSON bodies GitHub returns for a user (`/users/{user}`), their repositories
//! (`/users/{user}/repos`) and, optionally, their public events (`/users/{user}/events`). A
//! recorded exchange (`[{"status": 200, "response": {...}}]`, as fixture recorders save them)
//! is unwrapped. Field names are GitHub's; the output is one candidate JSON object per user,
//! with nested repositories, ready for `shiprank rank`.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::dates::parse_date;
use crate::error::{Error, Result};
use crate::profile::Repo;

/// One user's saved responses.
#[derive(Clone, Debug)]
pub struct GithubInput<'a> {
    /// The user object.
    pub user: &'a Path,
    /// The repositories list.
    pub repos: &'a Path,
    /// The public events list, if saved.
    pub events: Option<&'a Path>,
}

/// One saved response already in memory: its text, and the name messages give it (its path,
/// usually).
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    /// What messages call it.
    pub name: &'a str,
    /// The JSON body, or a recorded exchange.
    pub text: &'a str,
}

/// Reads a saved response file as text.
fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Parses a saved response, unwrapping a recorded exchange and refusing error bodies.
fn parse_response(response: Response) -> Result<Value> {
    let file = response.name;
    let value: Value = serde_json::from_str(response.text).map_err(|e| {
        let what = if e.is_eof() {
            "truncated JSON"
        } else {
            "invalid JSON"
        };
        Error::parse(file, format!("{what}: {e}"))
    })?;
    let value = match value {
        Value::Array(items)
            if items
                .first()
                .is_some_and(|i| i.get("response").is_some() && i.get("status").is_some()) =>
        {
            let exchange = &items[0];
            let status = exchange["status"].as_u64().unwrap_or(0);
            if status != 200 {
                let message = exchange["response"]
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                return Err(Error::parse(
                    file,
                    format!("recorded response has status {status}: {message}"),
                ));
            }
            exchange["response"].clone()
        }
        other => other,
    };
    if let Some(message) = value.get("message").and_then(Value::as_str) {
        let kind = if message.to_ascii_lowercase().contains("rate limit") {
            "GitHub rate-limit response"
        } else {
            "GitHub error response"
        };
        return Err(Error::parse(
            file,
            format!("{kind}, not data: \"{message}\""),
        ));
    }
    Ok(value)
}

/// One imported user.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The candidate object.
    pub record: Map<String, Value>,
    /// Repositories created or pushed after the reference date (they earn nothing later than
    /// it).
    pub repos_after: usize,
    /// Push events after the reference date (not counted).
    pub events_after: usize,
}

/// Builds one candidate object from a user's saved responses.
///
/// Fields: `id` (`gh:<login>`), `name`, `github`, `location` (kept as an attribute),
/// `public_repos`, `total_stars` and `total_forks` (over original, non-fork repositories),
/// `last_commit` (latest push), `repo_languages` (of original repositories, most used first),
/// `commits_last_year` (commits of push events in the 365 days before `as_of`, when events are
/// given) and `repos` (the repositories, GitHub's field names).
///
/// # Errors
/// A file that cannot be read, is not JSON, is truncated, is a GitHub error or rate-limit
/// message, or has the wrong shape (a user without `login`, repositories that are not a list).
pub fn import_user(input: &GithubInput, as_of: NaiveDate) -> Result<Imported> {
    let user = input.user.display().to_string();
    let repos = input.repos.display().to_string();
    let events = input.events.map(|p| p.display().to_string());
    let (user_text, repos_text) = (read_text(input.user)?, read_text(input.repos)?);
    let events_text = input.events.map(read_text).transpose()?;
    import_responses(
        Response {
            name: &user,
            text: &user_text,
        },
        Response {
            name: &repos,
            text: &repos_text,
        },
        events
            .as_deref()
            .zip(events_text.as_deref())
            .map(|(name, text)| Response { name, text }),
        as_of,
    )
}

/// [`import_user`] on responses already in memory (a user object, a repository list and,
/// optionally, an events list).
///
/// # Errors
/// As [`import_user`], naming each response by its [`Response::name`].
pub fn import_responses(
    user: Response,
    repos: Response,
    events: Option<Response>,
    as_of: NaiveDate,
) -> Result<Imported> {
    let user_name = user.name;
    let user = parse_response(user)?;
    let login = user
        .get("login")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::parse(user_name, "not a GitHub user object (no \"login\")"))?;
    let repos_name = repos.name;
    let repos_value = parse_response(repos)?;
    let Value::Array(items) = repos_value else {
        return Err(Error::parse(
            repos_name,
            "not a repository list (expected a JSON array)",
        ));
    };
    let mut repos = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let owner = item["owner"]["login"].as_str().or_else(|| {
            let full_name = item["full_name"].as_str()?;
            full_name.split_once('/').map(|(owner, _)| owner)
        });
        if let Some(owner) = owner.filter(|o| !o.eq_ignore_ascii_case(login)) {
            return Err(Error::parse(
                repos_name,
                format!(
                    "repository {} belongs to \"{owner}\", not to \"{login}\" of {user_name}: \
                     give each --user its own --repos",
                    i + 1,
                ),
            ));
        }
        let repo: Repo = serde_json::from_value(item)
            .map_err(|e| Error::parse(repos_name, format!("repository {}: {e}", i + 1)))?;
        repos.push(repo);
    }
    // Nothing dated after `as_of` earns credit: a replayed import gives the same record.
    let existed = |r: &&Repo| r.created_at.is_none_or(|c| c <= as_of);
    let original: Vec<&Repo> = repos.iter().filter(existed).filter(|r| !r.fork).collect();
    let mut languages: Vec<(usize, String)> = Vec::new();
    for repo in &original {
        if let Some(lang) = &repo.language {
            match languages.iter_mut().find(|(_, l)| l == lang) {
                Some((n, _)) => *n += 1,
                None => languages.push((1, lang.clone())),
            }
        }
    }
    languages.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = Map::new();
    out.insert("id".into(), json!(format!("gh:{login}")));
    let name = user.get("name").and_then(Value::as_str).unwrap_or(login);
    out.insert("name".into(), json!(name));
    out.insert("github".into(), json!(login));
    if let Some(location) = user.get("location").and_then(Value::as_str) {
        out.insert("location".into(), json!(location));
    }
    let public = user
        .get("public_repos")
        .and_then(Value::as_u64)
        .unwrap_or(repos.len() as u64);
    out.insert("public_repos".into(), json!(public));
    // Saturating: an implausible count stays implausible (and is refused when the candidate is
    // read), it does not wrap round to a plausible one.
    let total = |count: fn(&Repo) -> u64| {
        original
            .iter()
            .fold(0u64, |sum, r| sum.saturating_add(count(r)))
    };
    out.insert("total_stars".into(), json!(total(|r| r.stargazers_count)));
    out.insert("total_forks".into(), json!(total(|r| r.forks_count)));
    let pushes = repos.iter().filter(existed).filter_map(|r| r.pushed_at);
    if let Some(last) = pushes.filter(|d| *d <= as_of).max() {
        out.insert("last_commit".into(), json!(last.to_string()));
    }
    let languages: Vec<String> = languages.into_iter().map(|(_, l)| l).collect();
    out.insert("repo_languages".into(), json!(languages));
    let mut events_after = 0;
    if let Some(events) = events {
        let (commits, later) = commits_in_year(events, login, as_of)?;
        out.insert("commits_last_year".into(), json!(commits));
        events_after = later;
    }
    let later = |d: Option<NaiveDate>| d.is_some_and(|d| d > as_of);
    let repos_after = repos
        .iter()
        .filter(|r| later(r.created_at) || later(r.pushed_at))
        .count();
    out.insert(
        "repos".into(),
        serde_json::to_value(&repos).expect("repositories serialize"),
    );
    Ok(Imported {
        record: out,
        repos_after,
        events_after,
    })
}

/// Commits pushed in the 365 days up to `as_of`, from a saved public events list of `login`
/// (an event by another actor is refused: the file belongs to someone else), and the number
/// of push events after `as_of`, which are not counted.
fn commits_in_year(response: Response, login: &str, as_of: NaiveDate) -> Result<(u64, usize)> {
    let name = response.name;
    let Value::Array(events) = parse_response(response)? else {
        return Err(Error::parse(
            name,
            "not an events list (expected a JSON array)",
        ));
    };
    let since = as_of - chrono::Duration::days(365);
    let (mut total, mut later) = (0, 0);
    for (i, event) in events.iter().enumerate() {
        if let Some(actor) = event["actor"]["login"].as_str() {
            if !actor.eq_ignore_ascii_case(login) {
                return Err(Error::parse(
                    name,
                    format!(
                        "event {} is by \"{actor}\", not by \"{login}\": give each --user its \
                         own --events",
                        i + 1
                    ),
                ));
            }
        }
        if event.get("type").and_then(Value::as_str) != Some("PushEvent") {
            continue;
        }
        let date = event
            .get("created_at")
            .and_then(Value::as_str)
            .and_then(|d| parse_date(d).ok());
        later += usize::from(date.is_some_and(|d| d > as_of));
        if date.is_some_and(|d| d > since && d <= as_of) {
            let payload = &event["payload"];
            let commits = payload.get("size").and_then(Value::as_u64);
            let commits = commits
                .unwrap_or_else(|| payload["commits"].as_array().map_or(0, |c| c.len() as u64));
            total = commits.saturating_add(total);
        }
    }
    Ok((total, later))
}

/// Merges imported users into existing candidate records: a record whose `github` or `id`
/// equals a user's login gets that user's GitHub fields (its own `id` and other fields are
/// kept); users matching no record are appended. Records keep their order.
pub fn merge(
    existing: Vec<Map<String, Value>>,
    imported: Vec<Map<String, Value>>,
) -> Vec<Map<String, Value>> {
    let mut records = existing;
    for user in imported {
        let login = user["github"].as_str().unwrap_or_default().to_string();
        let matches = |r: &Map<String, Value>| {
            ["github", "id"].iter().any(|k| {
                r.get(*k)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.eq_ignore_ascii_case(&login))
            })
        };
        match records.iter_mut().find(|r| matches(r)) {
            Some(record) => {
                for (key, value) in user {
                    if key != "id" && (key != "name" || !record.contains_key("name")) {
                        record.insert(key, value);
                    }
                }
            }
            None => records.push(user),
        }
    }
    records
}

/// Reads an existing candidate file (CSV or JSONL) as raw records for [`merge`].
///
/// # Errors
/// The file cannot be read or a row is not valid CSV/JSON.
pub fn read_records(path: &Path) -> Result<Vec<Map<String, Value>>> {
    let file = path.display().to_string();
    match crate::io::Format::of(path) {
        crate::io::Format::Jsonl => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            let mut out = Vec::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match serde_json::from_str(line) {
                    Ok(Value::Object(o)) => out.push(o),
                    _ => {
                        return Err(Error::parse(
                            &file,
                            format!("line {}: not a JSON object", i + 1),
                        ))
                    }
                }
            }
            Ok(out)
        }
        crate::io::Format::Csv => {
            let mut reader = csv::Reader::from_path(path).map_err(|e| Error::parse(&file, e))?;
            let headers = reader
                .headers()
                .map_err(|e| Error::parse(&file, e))?
                .clone();
            let mut out = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| Error::parse(&file, e))?;
                let object = headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(h, v)| (h.to_string(), json!(v)))
                    .collect();
                out.push(object);
            }
            Ok(out)
        }
    }
}

/// Logins that appear more than once among imported users.
pub fn duplicate_logins(users: &[Map<String, Value>]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    users
        .iter()
        .filter_map(|u| u["github"].as_str())
        .filter(|l| !seen.insert(l.to_ascii_lowercase()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn as_of() -> NaiveDate {
        "2026-06-01".parse().unwrap()
    }

    const REPOS: &str = r#"[
      {"name": "a", "language": "Rust", "stargazers_count": 900, "forks_count": 40, "fork": false,
       "pushed_at": "2026-05-20T10:00:00Z", "created_at": "2023-01-01T00:00:00Z", "topics": ["tokio"], "size": 10},
      {"name": "b", "language": "Go", "stargazers_count": 5000, "forks_count": 900, "fork": true,
       "pushed_at": "2024-01-01T00:00:00Z", "created_at": "2024-01-01T00:00:00Z", "topics": [], "size": 1},
      {"name": "c", "language": null, "stargazers_count": 3, "forks_count": 0, "fork": false,
       "pushed_at": null, "created_at": "2022-01-01T00:00:00Z", "size": 0}
    ]"#;

    #[test]
    fn a_user_becomes_a_candidate_counting_original_work() {
        let dir = tempfile::tempdir().unwrap();
        let user = write(
            dir.path(),
            "u.json",
            r#"{"login": "ana", "name": "Ana", "public_repos": 3, "location": "Recife"}"#,
        );
        let repos = write(dir.path(), "r.json", REPOS);
        let events = write(
            dir.path(),
            "e.json",
            r#"[
          {"type": "PushEvent", "created_at": "2026-05-01T00:00:00Z", "payload": {"size": 3}},
          {"type": "PushEvent", "created_at": "2025-09-01T00:00:00Z", "payload": {"commits": [{}, {}]}},
          {"type": "PushEvent", "created_at": "2024-01-01T00:00:00Z", "payload": {"size": 50}},
          {"type": "WatchEvent", "created_at": "2026-05-01T00:00:00Z", "payload": {}}
        ]"#,
        );
        let input = GithubInput {
            user: &user,
            repos: &repos,
            events: Some(&events),
        };
        let c = import_user(&input, as_of()).unwrap().record;
        assert_eq!(c["id"], "gh:ana");
        assert_eq!(
            c["total_stars"], 903,
            "the fork's stars are not the user's work"
        );
        assert_eq!(c["total_forks"], 40);
        assert_eq!(c["last_commit"], "2026-05-20");
        assert_eq!(c["repo_languages"], json!(["Rust"]));
        assert_eq!(c["commits_last_year"], 5);
        assert_eq!(c["repos"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn error_bodies_and_bad_shapes_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let repos = write(dir.path(), "r.json", REPOS);
        let cases = [
            (
                r#"{"message": "API rate limit exceeded for 1.2.3.4.", "documentation_url": "x"}"#,
                "rate-limit",
            ),
            (r#"{"message": "Not Found"}"#, "GitHub error response"),
            (r#"{"login": "ana", "name": "#, "truncated JSON"),
            (r#"{"name": "no login"}"#, "no \"login\""),
            (
                r#"[{"status": 404, "response": {"message": "Not Found"}}]"#,
                "status 404",
            ),
        ];
        for (text, expected) in cases {
            let user = write(dir.path(), "u.json", text);
            let err = import_user(
                &GithubInput {
                    user: &user,
                    repos: &repos,
                    events: None,
                },
                as_of(),
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains("u.json") && err.contains(expected), "{err}");
        }
        let user = write(dir.path(), "u.json", r#"{"login": "ana"}"#);
        let bad = write(dir.path(), "bad.json", r#"{"total_count": 0}"#);
        let err = import_user(
            &GithubInput {
                user: &user,
                repos: &bad,
                events: None,
            },
            as_of(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("bad.json: not a repository list"),
            "{err}"
        );
    }

    #[test]
    fn counts_saturate_instead_of_wrapping() {
        let response = |name, text| Response { name, text };
        let record = import_responses(
            response("u.json", r#"{"login": "ana"}"#),
            response(
                "r.json",
                r#"[{"name": "a", "stargazers_count": 18446744073709551615, "forks_count": 1},
                    {"name": "b", "stargazers_count": 2, "forks_count": 18446744073709551615}]"#,
            ),
            Some(response(
                "e.json",
                r#"[{"type": "PushEvent", "created_at": "2026-05-01", "payload": {"size": 18446744073709551615}},
                    {"type": "PushEvent", "created_at": "2026-05-02", "payload": {"size": 5}}]"#,
            )),
            as_of(),
        )
        .unwrap()
        .record;
        for key in ["total_stars", "total_forks", "commits_last_year"] {
            assert_eq!(record[key], u64::MAX, "{key}");
        }
    }

    #[test]
    fn merging_fills_matching_records_and_appends_the_rest() {
        let existing = vec![
            json!({"id": "c1", "name": "Ana S.", "github": "ana", "country": "Brazil"})
                .as_object()
                .unwrap()
                .clone(),
            json!({"id": "c2", "name": "Bo"})
                .as_object()
                .unwrap()
                .clone(),
        ];
        let imported = vec![
            json!({"id": "gh:ana", "name": "Ana", "github": "ana", "total_stars": 9})
                .as_object()
                .unwrap()
                .clone(),
            json!({"id": "gh:zed", "name": "Zed", "github": "zed"})
                .as_object()
                .unwrap()
                .clone(),
        ];
        let merged = merge(existing, imported);
        assert_eq!(merged.len(), 3);
        assert_eq!(merged[0]["id"], "c1");
        assert_eq!(merged[0]["name"], "Ana S.");
        assert_eq!(merged[0]["total_stars"], 9);
        assert_eq!(merged[2]["id"], "gh:zed");
    }
}
