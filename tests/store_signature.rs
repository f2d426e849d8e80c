//! Handwritten signatures kept with the users: a PNG under 1 MB, replaced or removed at will.
//! On `SQLite`, or `PostgreSQL` with `ROADDESK_TEST_PG` set (`common::backend`).

mod common;

use common::backend::TestDb;
use roaddesk::domain::org::{Role, UnitId, UnitKind, UserId};
use roaddesk::store::{NewUnit, SIGNATURE_MAX_BYTES, Store, StoreError};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

fn png(len: usize) -> Vec<u8> {
    let mut v = PNG_MAGIC.to_vec();
    v.resize(len, 7);
    v
}

fn world() -> (TestDb, Box<dyn Store>, UserId, UserId) {
    let dir = TestDb::new();
    let mut store = dir.store();
    let unit = NewUnit { name: "汉孝路段中心".into(), kind: UnitKind::Segment, parent: None, phone: None };
    let center: UnitId = store.add_unit(&unit).unwrap();
    let leader = store.add_user("liu", "刘领导", center, &[Role::DutyLeader], "$argon2id$x").unwrap();
    let other = store.add_user("wang", "王值班", center, &[Role::Operator], "$argon2id$x").unwrap();
    (dir, store, leader, other)
}

fn message(e: &StoreError) -> String {
    e.to_string()
}

#[test]
fn a_signature_is_set_read_replaced_and_removed() {
    let (_dir, mut store, leader, other) = world();
    assert_eq!(store.signature(leader).unwrap(), None, "nobody has one at first");

    let first = png(2_000);
    store.set_signature(leader, Some(&first)).unwrap();
    assert_eq!(store.signature(leader).unwrap(), Some(first));
    assert_eq!(store.signature(other).unwrap(), None, "only that user's");

    let second = png(5_000);
    store.set_signature(leader, Some(&second)).unwrap();
    assert_eq!(store.signature(leader).unwrap(), Some(second), "a new upload replaces the old one");

    store.set_signature(leader, None).unwrap();
    assert_eq!(store.signature(leader).unwrap(), None, "removed");
    // Users themselves are untouched.
    assert_eq!(store.users().unwrap().len(), 2);
}

#[test]
fn only_a_png_under_one_megabyte_is_kept() {
    let (_dir, mut store, leader, _) = world();
    let kept = png(1_000);
    store.set_signature(leader, Some(&kept)).unwrap();

    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    let e = store.set_signature(leader, Some(&jpeg)).unwrap_err();
    assert!(message(&e).contains("不是 PNG 图片"), "{e}");

    let e = store.set_signature(leader, Some(&[])).unwrap_err();
    assert!(message(&e).contains("文件是空的"), "{e}");

    let e = store.set_signature(leader, Some(&png(SIGNATURE_MAX_BYTES))).unwrap_err();
    assert!(message(&e).contains("须小于 1 MB"), "{e}");
    store.set_signature(leader, Some(&png(SIGNATURE_MAX_BYTES - 1))).unwrap();

    // A refused upload leaves the stored one as it was.
    let (_dir2, mut store2, leader2, _) = world();
    store2.set_signature(leader2, Some(&kept)).unwrap();
    assert!(store2.set_signature(leader2, Some(b"GIF89a")).is_err());
    assert_eq!(store2.signature(leader2).unwrap(), Some(kept));
}

#[test]
fn an_unknown_user_is_refused_in_chinese() {
    let (_dir, mut store, _, _) = world();
    let e = store.set_signature(UserId(999), Some(&png(100))).unwrap_err();
    assert!(message(&e).contains("找不到编号为 999 的用户"), "{e}");
    assert_eq!(store.signature(UserId(999)).unwrap(), None);
}
