//! People and vehicles: names (drivers often give only a surname), phone numbers, plates weighted
//! by province and by the cities along the road, vehicles with their plate colour and class, and
//! the toll rate per class.

use crate::domain::validate::Phone;
use crate::domain::work::{PlateColour, VehicleClass};

use super::random::Gen;

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋",
    "蔡", "余", "杜", "叶", "程", "魏", "吕", "丁", "沈", "姚", "卢", "钟", "谭", "汪", "范", "金", "廖", "夏", "付",
    "方", "邹", "熊", "万", "江", "雷", "龚", "严", "黎", "向", "涂", "易", "喻", "欧阳", "上官", "司马", "诸葛",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "华", "玉", "萍", "红", "鹏", "飞", "建", "国", "志", "文", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭",
    "宁", "龙", "林", "欣", "怡", "佳", "琪", "梓", "涵", "子", "轩", "雨", "晨", "思", "博", "嘉", "瑞", "昊", "天",
    "诺", "馨", "颖", "婷", "雪", "慧", "晶", "琳", "倩", "璐", "蕾", "丹", "瑶", "悦", "喆", "堃", "珺", "昇", "镕",
    "晟", "赟", "翀", "淼", "鑫", "垚", "玥", "璇", "彧", "祎", "旻", "海", "波", "春", "秋", "兰", "梅", "德", "荣",
];

pub(super) fn person_name(g: &mut Gen) -> String {
    let mut s = String::with_capacity(12);
    s.push_str(g.word(SURNAMES));
    s.push_str(g.word(GIVEN));
    if g.chance(700) {
        s.push_str(g.word(GIVEN));
    }
    s
}

/// Drivers often give only their surname: 王先生, 李女士.
pub(super) fn caller_name(g: &mut Gen) -> String {
    if g.chance(200) {
        format!("{}{}", g.word(SURNAMES), if g.chance(650) { "先生" } else { "女士" })
    } else {
        person_name(g)
    }
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "198", "199",
];

pub(super) fn phone(g: &mut Gen) -> Phone {
    let mut s = String::with_capacity(14);
    if g.chance(50) {
        let (area, len) = *g.pick(&[("027", 8), ("0716", 7), ("0728", 7), ("0712", 7)]);
        s.push_str(area);
        s.push('-');
        s.push(char::from(b'2' + u8::try_from(g.below(7)).unwrap_or(0)));
        g.push_digits(&mut s, len - 1);
    } else {
        s.push_str(g.word(MOBILE_PREFIXES));
        g.push_digits(&mut s, 8);
    }
    Phone::parse(&s).expect("demo phone numbers are well formed")
}

const PROVINCE_NAMES: &[&str] =
    &["鄂", "湘", "豫", "皖", "赣", "川", "渝", "粤", "浙", "苏", "陕", "鲁", "京", "沪", "冀", "闽", "桂", "贵", "云"];
const PROVINCE_WEIGHTS: &[u32] = &[560, 60, 60, 40, 40, 40, 35, 35, 30, 30, 20, 20, 15, 10, 10, 15, 10, 10, 10];
/// Hubei plate letters, weighted towards the cities along the road (武汉 A, 荆州 D, 孝感 K, 仙桃 M, 潜江 N).
const HUBEI_LETTERS: &[u8] = b"AAAAAADDDEEKKKMMMNNNRFHJL";
const OTHER_LETTERS: &[u8] = b"AAAABBCCDEFG";
/// Letters allowed in a plate's serial: never I or O.
const SERIAL_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlateStyle {
    Ordinary,
    NevSmall,
    NevLarge,
}

fn plate_text(g: &mut Gen, style: PlateStyle) -> String {
    let mut s = String::with_capacity(12);
    let province = PROVINCE_NAMES[g.weighted(PROVINCE_WEIGHTS)];
    s.push_str(province);
    let letters = if province == "鄂" { HUBEI_LETTERS } else { OTHER_LETTERS };
    s.push(char::from(*g.pick(letters)));
    let df = |g: &mut Gen| if g.chance(800) { 'D' } else { 'F' };
    match style {
        PlateStyle::Ordinary => {
            let mut used = 0;
            for _ in 0..5 {
                if used < 2 && g.chance(160) {
                    s.push(char::from(*g.pick(SERIAL_LETTERS)));
                    used += 1;
                } else {
                    s.push(g.digit());
                }
            }
        }
        PlateStyle::NevSmall => {
            s.push(df(g));
            g.push_digits(&mut s, 5);
        }
        PlateStyle::NevLarge => {
            g.push_digits(&mut s, 5);
            s.push(df(g));
        }
    }
    s
}

/// A vehicle: plate, colour, class.
pub(super) struct Vehicle {
    pub(super) plate: String,
    pub(super) colour: PlateColour,
    pub(super) class: VehicleClass,
}

pub(super) const TRUCKS: &[VehicleClass] = &[
    VehicleClass::Truck1,
    VehicleClass::Truck2,
    VehicleClass::Truck3,
    VehicleClass::Truck4,
    VehicleClass::Truck5,
    VehicleClass::Truck6,
];

pub(super) fn vehicle_of(g: &mut Gen, class: VehicleClass) -> Vehicle {
    let (style, colour) = match class {
        VehicleClass::Bus1 if g.chance(180) => (PlateStyle::NevSmall, PlateColour::GradientGreen),
        VehicleClass::Bus1 => (PlateStyle::Ordinary, PlateColour::Blue),
        VehicleClass::Truck1 if g.chance(500) => (PlateStyle::Ordinary, PlateColour::Blue),
        VehicleClass::Bus3 | VehicleClass::Bus4 if g.chance(120) => (PlateStyle::NevLarge, PlateColour::YellowGreen),
        _ => (PlateStyle::Ordinary, PlateColour::Yellow),
    };
    Vehicle { plate: plate_text(g, style), colour, class }
}

pub(super) fn random_vehicle(g: &mut Gen) -> Vehicle {
    let class = match g.weighted(&[720, 40, 20, 20, 200]) {
        0 => VehicleClass::Bus1,
        1 => VehicleClass::Bus2,
        2 => VehicleClass::Bus3,
        3 => VehicleClass::Bus4,
        _ => *g.pick(TRUCKS),
    };
    vehicle_of(g, class)
}

/// Toll per km in cents, roughly the Hubei standard.
pub(super) fn rate(class: VehicleClass) -> i64 {
    use VehicleClass as V;
    match class {
        V::Bus1 | V::Truck1 | V::Special1 => 45,
        V::Bus2 | V::Special2 => 70,
        V::Bus3 | V::Truck2 | V::Special3 => 90,
        V::Bus4 | V::Special4 => 110,
        V::Truck3 | V::Special5 => 130,
        V::Truck4 | V::Special6 => 160,
        V::Truck5 => 180,
        V::Truck6 => 200,
    }
}
