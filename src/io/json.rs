//! JSONL rows into the text fields a CSV row would have: scalars as text, lists joined with
//! `;`, skills objects as `name:years`, repositories deserialized, other keys kept as audit
//! attributes. Keys match field names case-insensitively (or are renamed), each field at most
//! once.

use std::collections::{BTreeMap, HashMap};

use crate::profile::Repo;

use super::columns::{Renames, FIELDS};

type Flat = (
    HashMap<&'static str, String>,
    Vec<Repo>,
    BTreeMap<String, String>,
);

/// Turns a JSON object into text fields (as a CSV row would have them), repositories, and
/// audit attributes.
pub(super) fn flatten_json(
    object: serde_json::Map<String, serde_json::Value>,
    renames: &Renames,
) -> Result<Flat, (&'static str, String)> {
    use serde_json::Value;
    let mut fields = HashMap::new();
    let mut repos = Vec::new();
    let mut attributes = BTreeMap::new();
    let mut keys: HashMap<&'static str, String> = HashMap::new();
    for (key, value) in object {
        let field = renames
            .field_of(&key)
            .or_else(|| {
                FIELDS
                    .iter()
                    .copied()
                    .find(|f| f.eq_ignore_ascii_case(&key))
            })
            .or_else(|| key.eq_ignore_ascii_case("repositories").then_some("repos"));
        if let Some(field) = field {
            if let Some(first) = keys.insert(field, key.clone()) {
                return Err((
                    field,
                    format!("keys \"{first}\" and \"{key}\" are the same field: keep one"),
                ));
            }
        }
        let field = match field {
            Some(f) => f,
            None => {
                let text = match value {
                    Value::String(s) => s,
                    Value::Null => continue,
                    other => other.to_string(),
                };
                attributes.insert(key, text);
                continue;
            }
        };
        if field == "id" && !matches!(value, Value::String(_) | Value::Number(_) | Value::Null) {
            return Err(("id", format!("must be a string or a number, found {value}")));
        }
        if field == "repos" {
            if !value.is_null() {
                repos = serde_json::from_value(value)
                    .map_err(|e| ("repos", format!("invalid repositories: {e}")))?;
            }
            continue;
        }
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(items) => items
                .iter()
                .map(|item| list_item(field, item))
                .collect::<Result<Vec<_>, _>>()?
                .join(";"),
            Value::Object(map) if field == "skills" => map
                .iter()
                .map(|(name, years)| match years {
                    Value::Number(n) => Ok(format!("{name}:{n}")),
                    Value::Null => Ok(name.clone()),
                    _ => Err(("skills", format!("years of \"{name}\" must be a number"))),
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(";"),
            Value::Object(_) => {
                return Err((field, "expected a string or number, found an object".into()))
            }
        };
        fields.insert(field, text);
    }
    Ok((fields, repos, attributes))
}

fn list_item(
    field: &'static str,
    item: &serde_json::Value,
) -> Result<String, (&'static str, String)> {
    use serde_json::Value;
    match item {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Object(o) if field == "skills" => {
            let name = o
                .get("name")
                .or_else(|| o.get("skill"))
                .and_then(Value::as_str);
            let name =
                name.ok_or_else(|| ("skills", "a skill object needs a \"name\"".to_string()))?;
            match o.get("years") {
                None | Some(Value::Null) => Ok(name.to_string()),
                Some(Value::Number(n)) => Ok(format!("{name}:{n}")),
                Some(_) => Err(("skills", format!("years of \"{name}\" must be a number"))),
            }
        }
        _ => Err((field, format!("unexpected list item {item}"))),
    }
}
