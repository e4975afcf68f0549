//! Where the public sources are, and the build that reads them and merges them in precedence
//! order.

use std::path::Path;

use super::esco::{esco_candidates, parse_esco};
use super::linguist::{add_linguist, parse_linguist};
use super::merge::Builder;
use super::onet::{onet_candidates, parse_onet};
use super::write::OUTPUT_NAME;
use crate::error::{Error, Result};
use crate::skills::taxonomy::Taxonomy;

/// GitHub linguist's language list, relative to the shared data folder.
pub const LINGUIST_FILE: &str = "taxonomy/linguist/languages.yml";

/// O*NET's technology skills (tab-separated), relative to the shared data folder.
pub const ONET_FILE: &str = "taxonomy/onet/technology_skills.txt";

/// ESCO's digital skills collection (CSV), relative to the shared data folder.
pub const ESCO_FILE: &str = "taxonomy/esco/digitalSkillsCollection_en.csv";

/// Builds the full taxonomy CSV text (header included) from `curated_csv` and the public
/// sources under `shared_data` (the folder holding `taxonomy/linguist`, `taxonomy/onet` and
/// `taxonomy/esco`).
///
/// The result loads with [`Taxonomy::from_csv`] (checked before returning) and is the same,
/// byte for byte, for the same inputs.
///
/// # Errors
/// [`Error::Io`] with the path when a source file is missing or unreadable; [`Error::Parse`]
/// naming the file and line (for linguist's YAML, the line or the language) when a source is
/// malformed; [`Error::Row`] when `curated_csv` is not a valid taxonomy on its own.
pub fn build(shared_data: &Path, curated_csv: &str) -> Result<String> {
    let read = |rel: &str| {
        let path = shared_data.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Ok::<_, Error>((path.display().to_string(), text))
    };
    let (linguist_file, linguist_text) = read(LINGUIST_FILE)?;
    let (onet_file, onet_text) = read(ONET_FILE)?;
    let (esco_file, esco_text) = read(ESCO_FILE)?;
    let languages = parse_linguist(&linguist_text, &linguist_file)?;
    let onet = parse_onet(&onet_text, &onet_file)?;
    let esco = parse_esco(&esco_text, &esco_file)?;

    let mut builder = Builder::default();
    builder.add_curated(curated_csv)?;
    add_linguist(&mut builder, &languages);
    for candidate in onet_candidates(&onet) {
        builder.offer(candidate);
    }
    for candidate in esco_candidates(&esco) {
        builder.offer(candidate);
    }
    let text = builder.into_csv()?;
    Taxonomy::from_csv(&text, OUTPUT_NAME)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::taxonomy::Category;
    use std::path::PathBuf;

    const CURATED: &str = include_str!("../../../data/taxonomy/curated.csv");

    /// The committed taxonomy is what the build makes of the committed curated list and the
    /// shared sources (skipped, saying so, when the shared data is missing).
    #[test]
    fn the_committed_taxonomy_is_what_the_build_step_makes() {
        let Some(dir) = shared_data() else { return };
        let committed = include_str!("../../../data/taxonomy.csv");
        let built = build(&dir, CURATED).unwrap();
        assert!(
            built == committed,
            "data/taxonomy.csv is stale: run `shiprank skills build`"
        );
    }

    /// The shared data folder (`SHIPRANK_SHARED_DATA`, else `../shared/data` beside the crate),
    /// if present.
    fn shared_data() -> Option<PathBuf> {
        let dir = std::env::var_os("SHIPRANK_SHARED_DATA").map_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")),
            PathBuf::from,
        );
        if dir.join(LINGUIST_FILE).is_file() {
            Some(dir)
        } else {
            eprintln!("skipping: no shared data under {}", dir.display());
            None
        }
    }

    fn built() -> Option<String> {
        shared_data().map(|dir| build(&dir, CURATED).unwrap())
    }

    #[test]
    fn full_build_loads_and_is_large() {
        let Some(text) = built() else { return };
        let taxonomy = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        assert!(taxonomy.len() >= 500, "only {} skills", taxonomy.len());
        assert!(text.starts_with("skill,category,aliases,implies,related,source\n"));
    }

    #[test]
    fn linguist_languages_resolve_as_languages() {
        let Some(text) = built() else { return };
        let t = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        for raw in [
            "Haskell",
            "Elixir",
            "Zig",
            "OCaml",
            "Fortran",
            "Visual Basic .NET",
        ] {
            let id = t
                .resolve(raw)
                .unwrap_or_else(|| panic!("{raw} does not resolve"));
            assert_eq!(t.entry(id).category, Category::Language, "{raw}");
            assert!(
                t.entry(id).source.contains("linguist"),
                "{raw}: {}",
                t.entry(id).source
            );
        }
        // A grouped variant is an alias of its group.
        assert_eq!(t.resolve("TSX"), t.resolve("typescript"));
    }

    #[test]
    fn sources_merge_and_filter() {
        let Some(text) = built() else { return };
        let t = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        let source = |raw: &str| t.resolve(raw).map(|id| t.entry(id).source.as_str());
        assert_eq!(source("Oracle Java"), Some("curated+linguist+onet+esco"));
        assert_eq!(
            source("Apache Maven").map(|s| s.contains("onet")),
            Some(true)
        );
        assert_eq!(source("Unreal Engine"), Some("esco"));
        for junk in [
            "use spreadsheets software",
            "Unit testing software",
            "compilers",
        ] {
            assert_eq!(t.resolve(junk), None, "{junk}");
        }
    }

    #[test]
    fn building_twice_gives_identical_text() {
        let Some(dir) = shared_data() else { return };
        assert_eq!(build(&dir, CURATED).unwrap(), build(&dir, CURATED).unwrap());
    }

    /// Writes tiny source files into a fresh temporary folder.
    fn tiny_sources(name: &str, onet_rows: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shiprank-taxo-{}-{name}", std::process::id()));
        let files = [
            (LINGUIST_FILE, "Go:\n  type: programming\n  aliases:\n  - golang\nZig:\n  type: programming\n".to_string()),
            (
                ONET_FILE,
                format!("O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n{onet_rows}"),
            ),
            (
                ESCO_FILE,
                "conceptType,preferredLabel,skillType,altLabels,broaderConceptPT\n\
                 K,Unreal Engine,knowledge,Unreal Engine software | UE4,digital game creation systems\n\
                 K,use spreadsheets software,skill/competence,,computer use\n\
                 K,machine learning,knowledge,\"ML\nsupervised learning\",principles of artificial intelligence\n"
                    .to_string(),
            ),
        ];
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const TINY_CURATED: &str = "skill,category,aliases,implies,related,source
go,language,golang,,,curated
machine-learning,concept,ml,,,curated
";

    #[test]
    fn tiny_sources_build_exactly() {
        let rows = "15-1252.00\tApache Maven\t1\tDevelopment environment software\tY\tN\n\
                    15-1252.00\tUnit testing software\t1\tProgram testing software\tN\tN\n\
                    11-1011.00\tMicrosoft Excel\t1\tSpreadsheet software\tY\tN\n";
        let dir = tiny_sources("ok", rows);
        let text = build(&dir, TINY_CURATED).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let want = "skill,category,aliases,implies,related,source
go,language,golang,,,curated+linguist
machine-learning,concept,ml,,,curated+esco
maven,tool,apache maven,,,onet
unreal-engine,framework,,,,esco
zig,language,,,,linguist
";
        assert_eq!(text, want);
    }

    #[test]
    fn a_malformed_source_line_is_a_parse_error_naming_file_and_line() {
        let rows = "15-1252.00\tApache Maven\t1\tDevelopment environment software\tY\tN\n\
                    15-1252.00\tApache Maven\n";
        let dir = tiny_sources("bad", rows);
        let err = build(&dir, TINY_CURATED).unwrap_err();
        std::fs::remove_dir_all(&dir).ok();
        assert!(matches!(err, Error::Parse { .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains("technology_skills.txt: line 3: expected 6"),
            "{msg}"
        );
    }

    #[test]
    fn a_missing_source_is_an_io_error_with_its_path() {
        let dir = std::env::temp_dir().join("shiprank-taxonomy-build-missing");
        match build(&dir, CURATED) {
            Err(Error::Io { path, .. }) => assert!(path.ends_with(LINGUIST_FILE), "{path:?}"),
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }
}
