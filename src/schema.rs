//! The profile format as JSON Schema (draft-07, which taplo and Even Better TOML read), built
//! from the field table ([`crate::model::fields`]): its paths and keys, forms, units, what each
//! value is written as, and the words of each closed vocabulary (taken from the model types'
//! serde names). Nothing here lists a field by hand, so a new field is in the schema the moment
//! it is in the table.
//!
//! What the schema cannot say, `affex validate` still checks: `min` at most `max`, a blank
//! `name`, duplicate ids, and alternatives that name no program.

use serde_json::{Map, Value, json};

use crate::model::fields::{self, Field, Form, KeyShape, Unit, Written, words_of};
use crate::model::{
    Amount, Days, DelayKind, Hours, Level, Months, NoteKind, PayMonth, PerClicks, Permission,
    ProgramId, Year,
};

/// Where the draft-07 meta-schema lives; editors pick the dialect from it.
const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The schema of one profile file.
pub fn profile_schema() -> Value {
    let mut schema = table_schema("");
    if let Value::Object(map) = &mut schema {
        let mut head = Map::new();
        head.insert("$schema".into(), json!(DRAFT_07));
        head.insert("title".into(), json!("affex profile"));
        head.insert(
            "description".into(),
            json!("One affiliate program, as affex reads it (see assets/profiles/FORMAT.md)."),
        );
        head.append(map);
        return Value::Object(head);
    }
    schema
}

/// The schema of a catalog file: `[[program]]` tables, each one profile.
pub fn catalog_schema() -> Value {
    json!({
        "$schema": DRAFT_07,
        "title": "affex catalog file",
        "description": "Many affiliate programs in one file, one [[program]] table each.",
        "type": "object",
        "properties": {
            "program": {
                "type": "array",
                "items": { "$ref": "#/definitions/profile" }
            }
        },
        "required": ["program"],
        "additionalProperties": false,
        "definitions": { "profile": table_schema("") }
    })
}

/// An object whose properties are the keys under `prefix` in the field table.
fn table_schema(prefix: &str) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for key in fields::keys_under(prefix) {
        let field = fields::by_path(key.path);
        let schema = match (key.shape, field) {
            (KeyShape::Value, Some(field)) => value_schema(field),
            (KeyShape::Value, None) => json!({}),
            (KeyShape::Table | KeyShape::TableArray, Some(field))
                if !field.form.inner_keys().is_empty() =>
            {
                form_schema(field)
            }
            (KeyShape::Table, _) => table_schema(key.path),
            (KeyShape::TableArray, _) => {
                json!({ "type": "array", "items": table_schema(key.path) })
            }
        };
        if field.is_some_and(|f| f.required) {
            required.push(key.key);
        }
        properties.insert(key.key.to_string(), described(schema, field));
    }
    closed_object(properties, &required)
}

/// An object with these properties and no others, requiring the `required` keys (none: no
/// `required` list). Unknown keys are warnings for affex and red squiggles in an editor, so a
/// typo is found while typing.
fn closed_object(properties: Map<String, Value>, required: &[&str]) -> Value {
    let mut object = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty()
        && let Value::Object(map) = &mut object
    {
        map.insert("required".into(), json!(required));
    }
    object
}

/// `schema` with the field's label as its description, for an editor's hover.
fn described(mut schema: Value, field: Option<&Field>) -> Value {
    if let (Value::Object(map), Some(field)) = (&mut schema, field)
        && !map.contains_key("description")
    {
        map.insert("description".into(), json!(field.label));
    }
    schema
}

/// A stored field's value: one item, or an array of them for a list.
fn value_schema(field: &Field) -> Value {
    if field.form == Form::Countries {
        return countries_schema();
    }
    let item = written_schema(field);
    match field.form {
        Form::List => json!({ "type": "array", "items": item }),
        _ => item,
    }
}

/// One value as the field writes it.
fn written_schema(field: &Field) -> Value {
    match field.written {
        Written::Text if field.required => {
            json!({ "type": "string", "pattern": "\\S" })
        }
        Written::Text => json!({ "type": "string" }),
        Written::Flag => json!({ "type": "boolean" }),
        Written::Date => json!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "a date, YYYY-MM-DD",
        }),
        Written::Whole => {
            let (min, max) = whole_bounds(field.unit);
            json!({ "type": "integer", "minimum": min, "maximum": max })
        }
        Written::Word(words) => json!({ "type": "string", "enum": words() }),
        Written::Id => json!({
            "type": "string",
            "pattern": format!("^[a-z0-9-]{{1,{}}}$", ProgramId::MAX_LEN),
        }),
        Written::Source => json!({
            "oneOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "file": { "type": "string" },
                        "title": { "type": "string" }
                    },
                    "required": ["file"],
                    "additionalProperties": false
                }
            ]
        }),
    }
}

/// Where a program may be promoted: one line of words (the older form) or a table of rules.
fn countries_schema() -> Value {
    let code = json!({ "type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code such as IN" });
    json!({
        "oneOf": [
            { "type": "string" },
            {
                "type": "object",
                "properties": {
                    "worldwide": { "type": "boolean" },
                    "at_least": { "type": "integer", "minimum": 0 },
                    "places": { "type": "string" },
                    "text": { "type": "string" },
                    "exclusions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "codes": { "type": "array", "items": code },
                                "condition": { "type": "string" }
                            },
                            "required": ["codes"],
                            "additionalProperties": false
                        }
                    }
                },
                "additionalProperties": false
            }
        ]
    })
}

/// The bounds of a whole number with this unit, as the model's checked numbers accept them.
fn whole_bounds(unit: Unit) -> (u32, u32) {
    match unit {
        Unit::Year => (u32::from(Year::FIRST), u32::from(Year::LAST)),
        Unit::Days => (0, Days::MAX),
        Unit::Hours => (Hours::MIN, Hours::MAX),
        Unit::Months => (Months::MIN, Months::MAX),
        Unit::Clicks => (PerClicks::MIN, PerClicks::MAX),
        _ => (0, u32::from(u8::MAX)),
    }
}

/// A field written as a table (a range, a rule) or an array of tables (audiences, notes).
fn form_schema(field: &Field) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for &key in field.form.inner_keys() {
        let path = format!("{}.{key}", field.path);
        let (schema, must) = match fields::by_path(&path) {
            Some(inner) if !inner.form.inner_keys().is_empty() => {
                (described(form_schema(inner), Some(inner)), inner.required)
            }
            Some(inner) => (described(value_schema(inner), Some(inner)), inner.required),
            None => inner_key_schema(field, key),
        };
        if must {
            required.push(key);
        }
        properties.insert(key.to_string(), schema);
    }
    // An empty range (`rate = {}`) is allowed: affex reads it as not stated.
    let object = closed_object(properties, &required);
    match field.form {
        Form::Audiences | Form::Notes | Form::Imports => {
            json!({ "type": "array", "items": object })
        }
        _ => object,
    }
}

/// A key inside a range, rule or note that has no field of its own: its schema, and whether
/// it is required. The words come from the model's types.
fn inner_key_schema(field: &Field, key: &str) -> (Value, bool) {
    let text = json!({ "type": "string" });
    match (field.form, key) {
        (Form::PercentRange, "min" | "max") => (
            json!({ "type": "number", "minimum": 0, "maximum": 100 }),
            false,
        ),
        (Form::MoneyRange | Form::Threshold, "min" | "max") => (
            json!({ "type": "number", "minimum": 0, "maximum": Amount::MAX }),
            false,
        ),
        (_, "approx" | "open_top" | "no_minimum" | "usually") => {
            (json!({ "type": "boolean" }), false)
        }
        (Form::Delay, "days") => (
            json!({ "type": "integer", "minimum": 0, "maximum": Days::MAX }),
            true,
        ),
        (Form::Delay, "kind") => (
            json!({ "type": "string", "enum": words_of(&DelayKind::ALL) }),
            false,
        ),
        (Form::PayDay, "day" | "to") => (
            json!({ "type": "integer", "minimum": 1, "maximum": 31 }),
            key == "day",
        ),
        (Form::PayDay, "month") => (
            json!({ "type": "string", "enum": words_of(&PayMonth::ALL) }),
            false,
        ),
        (Form::MoneyRange | Form::Threshold, "currency") => (
            json!({ "type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code such as USD" }),
            false,
        ),
        (_, "level") => (
            json!({ "type": "string", "enum": words_of(&Level::ALL) }),
            false,
        ),
        (Form::ContentRule, "rule") => (
            json!({ "type": "string", "enum": words_of(&Permission::ALL) }),
            true,
        ),
        (Form::Notes, "kind") => (
            json!({ "type": "string", "enum": words_of(&NoteKind::ALL) }),
            true,
        ),
        // A note names a field by a path the field table knows, as the loader checks.
        (Form::Notes, "field") => (
            json!({ "type": "string", "enum": fields::note_paths() }),
            true,
        ),
        (Form::Notes, "text") => (text, true),
        (Form::Notes, "sources") => (json!({ "type": "array", "items": text }), false),
        _ => (text, false),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Percent;

    #[test]
    fn every_stored_field_is_in_the_schema() {
        let schema = profile_schema();
        for field in fields::stored() {
            let mut at = &schema;
            for part in field.path.split('.') {
                let next = at
                    .get("properties")
                    .or_else(|| at.pointer("/items/properties"))
                    .and_then(|p| p.get(part));
                at = next.unwrap_or_else(|| panic!("{} missing at {part}", field.path));
            }
        }
        assert_eq!(schema["required"], json!(["id", "name"]));
    }

    #[test]
    fn the_bounds_agree_with_the_model() {
        assert!(Percent::new(100.0).is_ok() && Percent::new(100.5).is_err());
        assert!(Percent::new(0.0).is_ok() && Percent::new(-0.5).is_err());
        let schema = profile_schema();
        assert_eq!(
            schema.pointer("/properties/commission/properties/rate/properties/max/maximum"),
            Some(&json!(100))
        );
        assert_eq!(
            schema.pointer("/properties/payout/properties/frequency/items/enum"),
            Some(&json!(["weekly", "biweekly", "monthly", "on-request"]))
        );
    }
}
