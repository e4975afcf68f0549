//! Outputs never replace inputs: every path a run writes is checked, before any work, against
//! every path it reads (and against the other outputs).

use std::path::Path;

use crate::error::{Error, Result};

/// A path given on the command line, with the flag that gave it (`--out`, `--candidates`).
pub type Labelled<'a> = (&'a str, &'a Path);

/// What makes two paths the same file: the device and inode of an existing file (symbolic
/// and hard links followed), else the file name in its folder's canonical path.
#[derive(PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    Path(std::path::PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    match std::fs::metadata(path) {
        #[cfg(unix)]
        Ok(meta) => {
            use std::os::unix::fs::MetadataExt;
            Some(Identity::Inode(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        Ok(_) => std::fs::canonicalize(path).ok().map(Identity::Path),
        Err(_) => {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let folder = std::fs::canonicalize(parent).ok()?;
            Some(Identity::Path(folder.join(path.file_name()?)))
        }
    }
}

/// Refuses a run in which an output is the same file as an input or as another output (same
/// device and inode, symbolic and hard links followed; for a file that does not exist yet,
/// the same name in the same folder).
///
/// # Errors
/// [`Error::Invalid`] naming both flags and paths.
pub fn refuse_overwriting(outputs: &[Labelled], inputs: &[Labelled]) -> Result<()> {
    for (i, &(out_flag, out)) in outputs.iter().enumerate() {
        let Some(id) = identity(out) else {
            continue; // its folder does not exist: writing it fails, naming the path
        };
        let earlier_outputs = outputs[..i].iter().map(|x| (x, "output"));
        let all_inputs = inputs.iter().map(|x| (x, "input"));
        for (&(flag, path), what) in all_inputs.chain(earlier_outputs) {
            if identity(path).as_ref() == Some(&id) {
                return Err(Error::Invalid(format!(
                    "{out_flag} {} is the same file as {flag} {}: refusing to overwrite an \
                     {what}; write somewhere else",
                    out.display(),
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// Checks, before any work, that every input given is an existing file, so a typo in a path
/// is reported with the flag that gave it (`--roles rols.toml: no such file`).
///
/// # Errors
/// [`Error::Invalid`] naming the flag, the path and what is wrong.
pub fn check_inputs(inputs: &[Labelled]) -> Result<()> {
    for &(flag, path) in inputs {
        let problem = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => "is a folder: give a file".to_string(),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let cwd = std::env::current_dir().ok().filter(|_| path.is_relative());
                match cwd {
                    Some(cwd) => format!("no such file (looked in {})", cwd.display()),
                    None => "no such file".to_string(),
                }
            }
            Err(e) => e.to_string(),
        };
        return Err(Error::Invalid(format!(
            "{flag} {}: {problem}",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_input_is_named_with_its_flag() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("rols.toml");
        let err = check_inputs(&[("--roles", &missing)])
            .unwrap_err()
            .to_string();
        assert_eq!(err, format!("--roles {}: no such file", missing.display()));
        let err = check_inputs(&[("--candidates", dir.path())])
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("is a folder: give a file"), "{err}");
        let file = dir.path().join("c.csv");
        std::fs::write(&file, "id\n").unwrap();
        assert!(check_inputs(&[("--candidates", &file)]).is_ok());
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("candidates.csv");
        std::fs::write(&input, "id\n").unwrap();
        let err = refuse_overwriting(&[("--out", &input)], &[("--candidates", &input)])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--out "), "{err}");
        assert!(err.contains("is the same file as --candidates"), "{err}");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(refuse_overwriting(&[("--out", &link)], &[("--candidates", &input)]).is_err());
            let hard = dir.path().join("hard.csv");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(refuse_overwriting(&[("--rejects", &hard)], &[("--roles", &input)]).is_err());
        }
    }

    #[test]
    fn new_and_distinct_outputs_pass_and_two_equal_outputs_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        let out = dir.path().join("out.csv");
        std::fs::write(&input, "id\n").unwrap();
        assert!(refuse_overwriting(&[("--out", &out)], &[("--candidates", &input)]).is_ok());
        std::fs::write(&out, "x").unwrap();
        assert!(refuse_overwriting(&[("--out", &out)], &[("--candidates", &input)]).is_ok());
        let err = refuse_overwriting(&[("--out", &out), ("--rejects", &out)], &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("refusing to overwrite an output"), "{err}");
    }
}
