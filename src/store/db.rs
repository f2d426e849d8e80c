//! The engine-neutral surface the shared store code runs its SQL on: [`Value`] (a parameter,
//! bound by each engine), [`Cells`] (reading a result row's columns) and [`Db`] (one connection
//! or transaction). `sqlite::conn` implements them for rusqlite, `postgres::conn` for the
//! `postgres` crate; everything above is written once.
//!
//! Statements the shared code runs are written with `SQLite`'s numbered placeholders `?1`, `?2`…;
//! the `PostgreSQL` side renders them as `$1`, `$2`… Parameters keep their type even when NULL
//! (`Int(None)` is a NULL BIGINT), because `PostgreSQL` checks a parameter's type against the
//! column's. The traits are used through generics only, so a row loop is monomorphised for each
//! engine: no dynamic dispatch and no allocation per row beyond what a value itself needs.

use std::borrow::Cow;

use super::error::{Result, StoreError};
use crate::domain::time::{BizTime, from_epoch, to_epoch};

/// One statement parameter, as both engines bind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A 64-bit integer (`INTEGER` / `BIGINT`), times as Unix seconds.
    Int(Option<i64>),
    /// A boolean (`INTEGER` 0/1 in `SQLite`, `BOOLEAN` in `PostgreSQL`).
    Flag(Option<bool>),
    Text(Option<Cow<'a, str>>),
    Bytes(Option<&'a [u8]>),
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Self::Int(Some(v))
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(v: Option<i64>) -> Self {
        Self::Int(v)
    }
}

impl From<u32> for Value<'_> {
    fn from(v: u32) -> Self {
        Self::Int(Some(i64::from(v)))
    }
}

impl From<BizTime> for Value<'_> {
    fn from(t: BizTime) -> Self {
        Self::Int(Some(to_epoch(t)))
    }
}

impl From<Option<BizTime>> for Value<'_> {
    fn from(t: Option<BizTime>) -> Self {
        Self::Int(t.map(to_epoch))
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Self::Flag(Some(v))
    }
}

impl From<Option<bool>> for Value<'_> {
    fn from(v: Option<bool>) -> Self {
        Self::Flag(v)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Self::Text(Some(Cow::Borrowed(v)))
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Self::Text(Some(Cow::Borrowed(v)))
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(v: Option<&'a str>) -> Self {
        Self::Text(v.map(Cow::Borrowed))
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Self::Text(Some(Cow::Owned(v)))
    }
}

impl<'a> From<Option<&'a [u8]>> for Value<'a> {
    fn from(v: Option<&'a [u8]>) -> Self {
        Self::Bytes(v)
    }
}

/// The parameters of a statement, each turned into a [`Value`]: `vals![number, scope, now]`.
macro_rules! vals {
    ($($v:expr),* $(,)?) => {
        [$($crate::store::db::Value::from($v)),*]
    };
}
pub(super) use vals;

/// Reading the columns of one result row (by position, from 0). An engine reads the four kinds
/// of value it stores, each possibly NULL; everything else is derived here once. Text is read
/// borrowed, so parsing a code (`kind`, `state`…) allocates nothing.
pub trait Cells {
    fn opt_int(&self, i: usize) -> Result<Option<i64>>;
    fn opt_flag(&self, i: usize) -> Result<Option<bool>>;
    fn opt_str(&self, i: usize) -> Result<Option<&str>>;
    fn opt_bytes(&self, i: usize) -> Result<Option<&[u8]>>;

    fn int(&self, i: usize) -> Result<i64> {
        self.opt_int(i)?.ok_or_else(|| cell_error(i, "NULL"))
    }

    fn flag(&self, i: usize) -> Result<bool> {
        self.opt_flag(i)?.ok_or_else(|| cell_error(i, "NULL"))
    }

    fn str(&self, i: usize) -> Result<&str> {
        self.opt_str(i)?.ok_or_else(|| cell_error(i, "NULL"))
    }

    fn text(&self, i: usize) -> Result<String> {
        self.str(i).map(str::to_owned)
    }

    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.opt_str(i)?.map(str::to_owned))
    }

    fn bytes(&self, i: usize) -> Result<Vec<u8>> {
        self.opt_bytes(i)?.map(<[u8]>::to_vec).ok_or_else(|| cell_error(i, "NULL"))
    }

    /// A count kept as a 64-bit integer, as the domain's `u32` (saturating).
    fn count(&self, i: usize) -> Result<u32> {
        Ok(u32::try_from(self.int(i)?).unwrap_or(u32::MAX))
    }

    fn time(&self, i: usize) -> Result<BizTime> {
        self.int(i).map(from_epoch)
    }

    fn opt_time(&self, i: usize) -> Result<Option<BizTime>> {
        Ok(self.opt_int(i)?.map(from_epoch))
    }

    /// A code column parsed by `parse` (`ItemKind::parse` …); an unknown code is an error.
    fn code<T>(&self, i: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
        let s = self.str(i)?;
        parse(s).ok_or_else(|| bad_code(s))
    }

    /// A code column that may be NULL.
    fn opt_code<T>(&self, i: usize, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
        self.opt_str(i)?.map(|s| parse(s).ok_or_else(|| bad_code(s))).transpose()
    }
}

/// A column that could not be read as the type asked for.
pub fn cell_error(i: usize, e: impl std::fmt::Display) -> StoreError {
    StoreError::Sql(format!("读取第{}列失败：{e}", i + 1))
}

fn bad_code(s: &str) -> StoreError {
    StoreError::Sql(format!("无法识别的代码：{s}"))
}

/// A statement's parameters: anything that lists [`Value`]s (`&[..]`, `&vals![..]`, chained iterators).
pub trait Params<'p, 'v: 'p>: IntoIterator<Item = &'p Value<'v>> {}

impl<'p, 'v: 'p, T: IntoIterator<Item = &'p Value<'v>>> Params<'p, 'v> for T {}

/// One connection or transaction of either engine. Errors come back classified by the engine
/// (a lost server, a locked file, a duplicate…) as [`StoreError`]s.
pub trait Db {
    type Row<'r>: Cells;

    /// Run a query and hand its rows to `f` in order while it returns `true`.
    fn visit<'p, 'v: 'p>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        f: impl FnMut(&Self::Row<'_>) -> Result<bool>,
    ) -> Result<()>;

    /// Run a statement; how many rows it changed.
    fn execute<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<u64>;

    /// Insert one row and return its new `id`.
    fn insert<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<i64>;

    /// Run several statements without parameters.
    fn batch(&mut self, sql: &str) -> Result<()>;

    /// Every row of a query, mapped.
    fn rows<'p, 'v: 'p, T>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        mut map: impl FnMut(&Self::Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.visit(sql, params, |r| {
            out.push(map(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row of a query, mapped, if there is one.
    fn first<'p, 'v: 'p, T>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        map: impl FnOnce(&Self::Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut map = Some(map);
        let mut out = None;
        self.visit(sql, params, |r| {
            if let Some(map) = map.take() {
                out = Some(map(r)?);
            }
            Ok(false)
        })?;
        Ok(out)
    }

    /// The one value of a query that always returns a row (`SELECT count(*) …`).
    fn one<'p, 'v: 'p, T>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        map: impl FnOnce(&Self::Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.first(sql, params, map)?.ok_or_else(|| StoreError::Sql(format!("查询没有返回结果：{sql}")))
    }
}
