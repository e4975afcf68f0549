//! Writing a role's weights and filters back into its TOML file, keeping the file's comments,
//! order and layout: only the values that change are touched.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::role::FilterSpec;

/// The text of a roles file with role `id`'s `weights` table set to `weights`, in the order
/// given (removed when empty) and, when given, its `filters` table set to `filters` (removed when it filters
/// nothing). Keys that stay keep their place, comments and spacing; new keys go last.
///
/// # Errors
/// The text is not TOML, or has no `[[role]]` with this id.
pub fn edit_role(
    text: &str,
    id: &str,
    weights: &[(String, f64)],
    filters: Option<&FilterSpec>,
) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("not TOML: {e}"))?;
    let roles = doc
        .get_mut("role")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or("no [[role]] tables")?;
    let role = roles
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        .ok_or_else(|| format!("no role \"{id}\""))?;
    let weights: Vec<(&str, Value)> = weights
        .iter()
        .map(|(k, w)| (k.as_str(), number(*w)))
        .collect();
    set_entries(role, "weights", weights);
    if let Some(f) = filters {
        let mut entries = Vec::new();
        if !f.must_have.is_empty() {
            let skills: Array = f.must_have.iter().map(String::as_str).collect();
            entries.push(("must_have", Value::Array(skills)));
        }
        if let Some(v) = f.max_salary {
            entries.push(("max_salary", number(v)));
        }
        if let Some(v) = f.min_overlap_hours {
            entries.push(("min_overlap_hours", number(v)));
        }
        set_entries(role, "filters", entries);
    }
    Ok(doc.to_string())
}

/// A TOML number: an integer when the value is whole (as people write weights).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// Sets the sub-table `key` of `role` (inline or not) to exactly `entries`: existing keys keep
/// their decoration, the rest are removed, new ones appended; an empty table is removed.
fn set_entries(role: &mut Table, key: &str, entries: Vec<(&str, Value)>) {
    if entries.is_empty() {
        role.remove(key);
        return;
    }
    let keep = |k: &str| entries.iter().any(|(name, _)| *name == k);
    match role.get_mut(key) {
        Some(Item::Value(Value::InlineTable(t))) => {
            t.retain(|k, _| keep(k));
            for (name, value) in entries {
                match t.get_mut(name) {
                    Some(old) => replace_value(old, value),
                    None => {
                        t.insert(name, value);
                    }
                }
            }
        }
        Some(Item::Table(t)) => {
            t.retain(|k, _| keep(k));
            for (name, value) in entries {
                match t.get_mut(name).and_then(Item::as_value_mut) {
                    Some(old) => replace_value(old, value),
                    None => {
                        t.insert(name, Item::Value(value));
                    }
                }
            }
        }
        _ => {
            let mut t = InlineTable::new();
            for (name, value) in entries {
                t.insert(name, value);
            }
            t.fmt();
            role.insert(key, Item::Value(Value::InlineTable(t)));
        }
    }
}

/// Replaces a value, keeping the spaces and comments around it.
fn replace_value(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Roles for the team.\n\n[[role]]\nid = \"a\"   # first\nweights = { repo_impact = 20, degree = 1 }  # tuned by hand\nfilters = { max_salary = 90000 }\n\n# The second role.\n[[role]]\nid = \"b\"\nnice = [\"go\"]\n";

    fn weights(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn only_the_role_weights_change_and_comments_stay() {
        let out = edit_role(
            FILE,
            "a",
            &weights(&[("repo_impact", 30.0), ("salary_fit", 2.5)]),
            None,
        )
        .unwrap();
        let expected = FILE.replace(
            "weights = { repo_impact = 20, degree = 1 }",
            "weights = { repo_impact = 30, salary_fit = 2.5 }",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn a_role_without_weights_gets_a_table_and_empty_ones_are_removed() {
        let out = edit_role(FILE, "b", &weights(&[("degree", 0.0)]), None).unwrap();
        assert!(
            out.ends_with("nice = [\"go\"]\nweights = { degree = 0 }\n"),
            "{out}"
        );
        let out = edit_role(FILE, "a", &[], None).unwrap();
        assert!(!out.contains("weights"), "{out}");
        assert!(out.contains("filters = { max_salary = 90000 }"));
    }

    #[test]
    fn filters_are_written_when_given() {
        let filters = FilterSpec {
            must_have: vec!["python".into(), "sql".into()],
            max_salary: None,
            min_overlap_hours: Some(2.0),
        };
        let w = weights(&[("repo_impact", 20.0), ("degree", 1.0)]);
        let out = edit_role(FILE, "a", &w, Some(&filters)).unwrap();
        assert!(
            out.contains("filters = { must_have = [\"python\", \"sql\"], min_overlap_hours = 2 }"),
            "{out}"
        );
        let out = edit_role(FILE, "a", &w, Some(&FilterSpec::default())).unwrap();
        assert!(!out.contains("filters"), "{out}");
        // Unchanged weights leave the file as it was.
        assert_eq!(edit_role(FILE, "a", &w, None).unwrap(), FILE);
    }

    #[test]
    fn tables_written_as_sections_stay_sections() {
        let text = "[[role]]\nid = \"a\"\n\n[role.weights]\nrepo_impact = 20 # most\ndegree = 1\n";
        let out = edit_role(text, "a", &weights(&[("repo_impact", 25.0)]), None).unwrap();
        assert_eq!(
            out,
            "[[role]]\nid = \"a\"\n\n[role.weights]\nrepo_impact = 25 # most\n"
        );
    }

    #[test]
    fn unknown_roles_and_broken_files_are_errors() {
        assert!(edit_role(FILE, "zzz", &[], None)
            .unwrap_err()
            .contains("no role \"zzz\""));
        assert!(edit_role("[[role]\n", "a", &[], None).is_err());
    }
}
