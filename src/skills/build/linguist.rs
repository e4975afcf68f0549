//! GitHub linguist's `languages.yml`: programming languages, plus the markup and data languages
//! engineers list as skills.

use yaml_rust2::{Yaml, YamlLoader};

use super::merge::{Builder, Candidate, Source};
use crate::error::{Error, Result};
use crate::skills::taxonomy::Category;

/// One top-level entry of linguist's `languages.yml`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Language {
    /// The language's name, the mapping key (`C#`, `Visual Basic .NET`).
    name: String,
    /// `programming`, `markup`, `data` or `prose`.
    kind: String,
    /// Its `aliases:` list (`csharp`).
    aliases: Vec<String>,
    /// Its `group:`, the language it counts towards (`TypeScript` for `TSX`).
    group: Option<String>,
}

/// Markup and data languages kept as skills, with their category.
const LINGUIST_EXTRA: &[(&str, Category)] = &[
    ("HTML", Category::Language),
    ("CSS", Category::Language),
    ("SCSS", Category::Language),
    ("Sass", Category::Language),
    ("Less", Category::Language),
    ("Stylus", Category::Language),
    ("SQL", Category::Language),
    ("SPARQL", Category::Language),
    ("GraphQL", Category::Language),
    ("JSON", Category::Language),
    ("YAML", Category::Language),
    ("XML", Category::Language),
    ("TOML", Category::Language),
    ("Markdown", Category::Language),
    ("TeX", Category::Language),
    ("Kusto", Category::Language),
    ("Vue", Category::Framework),
    ("Svelte", Category::Framework),
    ("Astro", Category::Framework),
    ("Handlebars", Category::Framework),
    ("Pug", Category::Framework),
    ("Jinja", Category::Framework),
    ("Twig", Category::Framework),
    ("Liquid", Category::Framework),
    ("Haml", Category::Framework),
    ("Blade", Category::Framework),
    ("EJS", Category::Framework),
    ("Mustache", Category::Framework),
    ("Prisma", Category::Framework),
    ("Jupyter Notebook", Category::Tool),
    ("Gradle", Category::Tool),
    ("Nginx", Category::Tool),
    ("PlantUML", Category::Tool),
    ("Mermaid", Category::Tool),
];

/// Programming-type linguist entries that are build or tooling files rather than languages.
const LINGUIST_TOOLS: &[&str] = &[
    "Makefile",
    "CMake",
    "Meson",
    "QMake",
    "Xmake",
    "Earthly",
    "Just",
    "BitBake",
    "Singularity",
    "Inno Setup",
    "NSIS",
    "Dockerfile",
];

/// Programming-type linguist entries that are not skills (terminal transcripts) or whose name
/// is another skill's (`ECLiPSe` would take `eclipse`).
const LINGUIST_SKIP: &[&str] = &[
    "ShellSession",
    "Elvish Transcript",
    "Julia REPL",
    "Python console",
    "ECLiPSe",
];

/// Linguist aliases that name something else in a CV (`rake` is Ruby's make, `progress` a word).
/// Aliases of one or two characters (`ls`, `fb`) are dropped too.
const LINGUIST_ALIAS_SKIP: &[&str] = &[
    "inc",
    "cake",
    "cakescript",
    "rake",
    "envrc",
    "rusthon",
    "console",
    "vhs",
    "progress",
];

/// Grouped languages kept as skills of their own rather than folded into their group.
const LINGUIST_GROUP_KEEP: &[&str] = &["OpenCL", "Snakemake"];

/// Adds the linguist languages: standalone ones first, in file order, then grouped variants as
/// aliases of their group (or standalone when the group is not a kept language).
pub(super) fn add_linguist(builder: &mut Builder, languages: &[Language]) {
    let mut grouped = Vec::new();
    for lang in languages {
        let name = lang.name.as_str();
        let extra = LINGUIST_EXTRA
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| c);
        let category = match (lang.kind.as_str(), extra) {
            (_, Some(category)) => category,
            ("programming", None) if LINGUIST_SKIP.contains(&name) => continue,
            ("programming", None) if LINGUIST_TOOLS.contains(&name) => Category::Tool,
            ("programming", None) => Category::Language,
            _ => continue,
        };
        let aliases = (lang.aliases.iter())
            .filter(|a| a.chars().count() > 2 && !LINGUIST_ALIAS_SKIP.contains(&a.as_str()))
            .cloned()
            .collect();
        let candidate = Candidate {
            names: vec![lang.name.clone()],
            aliases,
            probes: Vec::new(),
            category,
            source: Source::Linguist,
        };
        match &lang.group {
            Some(group) if *group != lang.name && !LINGUIST_GROUP_KEEP.contains(&name) => {
                grouped.push((group.as_str(), candidate));
            }
            _ => {
                builder.offer(candidate);
            }
        }
    }
    for (group, candidate) in grouped {
        match builder.find(group) {
            Some(id) => builder.merge_into(id, &candidate),
            None => {
                builder.offer(candidate);
            }
        }
    }
}

/// Parses linguist's `languages.yml`: one mapping from language name to properties, of which
/// `type`, `aliases` and `group` are read; the languages come in file order.
///
/// # Errors
/// [`Error::Parse`] naming `file`: with the line and column for text that is not YAML, with
/// the language for one without a `type:` or whose properties are not of those shapes.
pub(super) fn parse_linguist(text: &str, file: &str) -> Result<Vec<Language>> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| Error::parse(file, e))?;
    let Some(Yaml::Hash(languages)) = docs.first() else {
        return Err(Error::parse(file, "expected a mapping of language names"));
    };
    let language = |(key, properties): (&Yaml, &Yaml)| {
        let name = scalar(key).ok_or_else(|| {
            Error::parse(file, format!("expected a language name, found {key:?}"))
        })?;
        let err = |what: &str| Error::parse(file, format!("language {name:?}: expected {what}"));
        let Yaml::Hash(properties) = properties else {
            return Err(err("`key: value` properties"));
        };
        let get = |key: &str| properties.get(&Yaml::String(key.to_string()));
        let kind = get("type")
            .and_then(scalar)
            .ok_or_else(|| err("a `type:`"))?;
        let aliases = match get("aliases") {
            None => Vec::new(),
            Some(Yaml::Array(items)) => (items.iter().map(scalar))
                .collect::<Option<_>>()
                .ok_or_else(|| err("names in `aliases:`"))?,
            Some(_) => return Err(err("a list of `aliases:`")),
        };
        let group = get("group")
            .map(|g| scalar(g).ok_or_else(|| err("a language name in `group:`")))
            .transpose()?;
        Ok(Language {
            name,
            kind,
            aliases,
            group,
        })
    };
    languages.iter().map(language).collect()
}

/// The text of a scalar, whatever YAML reads it as (`4D`, `"C#"`, `1.0`); `None` for null, a
/// list or a mapping.
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNIPPET: &str = r#"# comment
---
"C#":
  type: programming
  aliases:
  - csharp
  - "cake"
  extensions:
  - ".cs"
  language_id: 42
Cap'n Proto:
  type: programming
TSX:
  type: programming
  group: TypeScript
  aliases:
  - typescriptreact
'It''s: quoted':
  type: data
"#;

    #[test]
    fn names_types_aliases_and_groups_are_read_in_file_order() {
        let langs = parse_linguist(SNIPPET, "languages.yml").unwrap();
        let names: Vec<&str> = langs.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["C#", "Cap'n Proto", "TSX", "It's: quoted"]);
        assert_eq!(langs[0].aliases, ["csharp", "cake"]);
        assert_eq!(langs[0].kind, "programming");
        assert!(langs[1].aliases.is_empty());
        assert_eq!(langs[2].group.as_deref(), Some("TypeScript"));
        assert_eq!(langs[3].kind, "data");
    }

    #[test]
    fn malformed_yaml_is_a_parse_error_naming_file_and_line() {
        let cases = [
            ("Go:\n  type: programming\n  - orphan\n", "line 3"),
            ("Go:\n  type: programming\n bad: indent\n", "line 3"),
            ("Go:\n  aliases: [golang\n", "line 3"),
        ];
        for (text, line) in cases {
            let err = parse_linguist(text, "languages.yml").unwrap_err();
            assert!(matches!(err, Error::Parse { .. }), "{err}");
            let msg = err.to_string();
            assert!(
                msg.starts_with("languages.yml: ") && msg.contains(line),
                "{text:?}: {msg}"
            );
        }
    }

    #[test]
    fn a_language_of_the_wrong_shape_is_a_parse_error_naming_it() {
        let cases = [
            (
                "Go:\n  aliases:\n  - golang\n",
                "\"Go\": expected a `type:`",
            ),
            ("Go:\n  type programming\n", "\"Go\": expected `key: value`"),
            (
                "Go:\n  type: programming\n  aliases: golang\n",
                "a list of `aliases:`",
            ),
            ("Go:\n  type: [a]\n", "\"Go\": expected a `type:`"),
            ("- Go\n", "expected a mapping"),
        ];
        for (text, want) in cases {
            let msg = parse_linguist(text, "languages.yml")
                .unwrap_err()
                .to_string();
            assert!(
                msg.starts_with("languages.yml: ") && msg.contains(want),
                "{text:?}: {msg}"
            );
        }
    }

    #[test]
    fn scalars_of_any_type_read_as_their_text() {
        let langs = parse_linguist(
            "4D:\n  type: programming\n  aliases:\n  - 1.5\n  - 42\n  - true\n",
            "l.yml",
        )
        .unwrap();
        assert_eq!(langs[0].name, "4D");
        assert_eq!(langs[0].aliases, ["1.5", "42", "true"]);
    }
}
