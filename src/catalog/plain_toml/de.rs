//! Deserializes straight from what the quick reader read, handing every visitor what `toml`'s
//! own deserializer hands it for the same text: a string borrowed or owned as `toml` keeps it,
//! an integer as `i64`, a float as `f64`, `Some` for any value present, a table as a map in
//! which each key is a borrowed string, an array (one-line or of tables) as a sequence, an
//! enum from a string. What `toml` would do otherwise (an enum from a table, a `Spanned`) is
//! an error here, and the caller parses with `toml`, which then decides.
//!
//! The errors say nothing: the fast path only asks whether a text deserialized, and the
//! `toml` path, taken when it did not, gives the diagnostics.

use std::borrow::Cow;
use std::fmt;
use std::vec;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::{PlainTable, Slot, Value};

/// Something the quick path does not read as `toml` does, or a value the type refused.
#[derive(Debug)]
pub(super) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the quick path")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// Refuses the structs a format reads in its own way, named with serde's private prefix
/// (`toml`'s `Spanned`, its datetime): the quick path keeps no spans and reads no dates.
fn refuse_private(name: &str) -> Result<(), Refused> {
    if name.starts_with("$__") {
        Err(Refused)
    } else {
        Ok(())
    }
}

/// A table's keys and values, in the order they were written.
struct Entries<'i> {
    keys: vec::IntoIter<(Spanned<Cow<'i, str>>, Slot<'i>)>,
    value: Option<Slot<'i>>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        let Some((key, slot)) = self.keys.next() else {
            return Ok(None);
        };
        self.value = Some(slot);
        // A plain key is a bare key, always borrowed from the text.
        match key.into_inner() {
            Cow::Borrowed(key) => seed
                .deserialize(BorrowedStrDeserializer::new(key))
                .map(Some),
            Cow::Owned(key) => seed.deserialize(key.into_deserializer()).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Refused> {
        match self.value.take() {
            Some(Slot::Table(table)) => seed.deserialize(Node::Table(table)),
            Some(Slot::Tables(tables, _)) => seed.deserialize(Node::Tables(tables)),
            Some(Slot::Value(value)) => seed.deserialize(Node::Value(value.into_inner())),
            None => Err(Refused),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.len())
    }
}

/// One value as the quick reader read it: a table, an array of tables, or a value from a
/// `key = value` line.
pub(super) enum Node<'i> {
    Table(PlainTable<'i>),
    Tables(Vec<PlainTable<'i>>),
    Value(Value<'i>),
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self {
            Node::Table(table) => visitor.visit_map(Entries {
                keys: table.keys.into_iter(),
                value: None,
            }),
            Node::Tables(tables) => visitor.visit_seq(Items(tables.into_iter().map(Node::Table))),
            Node::Value(Value::String(Cow::Borrowed(text))) => visitor.visit_borrowed_str(text),
            Node::Value(Value::String(Cow::Owned(text))) => visitor.visit_string(text),
            Node::Value(Value::Integer(n)) => visitor.visit_i64(n),
            Node::Value(Value::Float(x)) => visitor.visit_f64(x),
            Node::Value(Value::Boolean(b)) => visitor.visit_bool(b),
            Node::Value(Value::Array(items)) => visitor.visit_seq(Items(
                items.into_iter().map(|item| Node::Value(item.into_inner())),
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Refused> {
        refuse_private(name)?;
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Refused> {
        match self {
            Node::Value(Value::String(Cow::Borrowed(text))) => {
                visitor.visit_enum(BorrowedStrDeserializer::new(text))
            }
            Node::Value(Value::String(Cow::Owned(text))) => {
                visitor.visit_enum(text.into_deserializer())
            }
            // `toml` reads an enum from a table too, and refuses anything else.
            _ => Err(Refused),
        }
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 u128 i8 i16 i32 i64 i128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
    }
}

/// An array's items (values, or the tables of an array of tables), handed on as a sequence.
struct Items<I>(I);

impl<'de, I: ExactSizeIterator<Item = Node<'de>>> SeqAccess<'de> for Items<I> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}
