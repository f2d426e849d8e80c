//! One item's fields: from its slot and its own random stream, where and when it happened, the
//! vehicle and what was charged, the story, and the complaint as registered. The draws are made in
//! one fixed order (each function below takes its turn), so a seed gives the same item always.

use chrono::Duration;

use crate::domain::checklist::Checklist;
use crate::domain::time::{BizTime, start_of_day};
use crate::domain::validate::Plate;
use crate::domain::work::{Category, Complaint, ComplaintState, Grade, ItemKind, Source, VehicleClass};

use super::env::{DIRECTIONS, Env, NEIGHBOUR_STATIONS};
use super::people::{SURNAMES, TRUCKS, Vehicle, caller_name, phone, random_vehicle, rate, vehicle_of};
use super::random::{Gen, mins};
use super::slots::Slot;
use super::story::{
    MAJOR_SUFFIXES, PRAISES, SUGGESTIONS, Site, Story, complaint_site, complaint_text, recorded_text, variants,
};
use super::words::ymd;

/// One item before its life: the complaint as registered, its story, and who registers it.
pub(super) struct Spec {
    pub(super) complaint: Complaint,
    pub(super) story: Story,
    /// Index into the desk.
    pub(super) registrar: usize,
}

const COMPLAINT_CATEGORY_WEIGHTS: &[u32] = &[220, 130, 200, 90, 130, 80, 60, 90];

/// How the item came in: its source, when it was accepted, and the provincial center's part.
struct Intake {
    source: Source,
    accepted: BizTime,
    forwarded_at: Option<BizTime>,
    provincial_number: Option<String>,
}

/// Where it happened: the office (index into the generator's offices) and station, the
/// kilometre, the place as the driver says it, and where the driver entered the road.
struct Whereabouts {
    office: Option<usize>,
    station: Option<usize>,
    station_name: String,
    service_area: String,
    kstake: String,
    place: String,
    entry: String,
}

/// The vehicle and the toll: the class charged, the amount charged and the amount due, in cents.
struct Charge {
    vehicle: Vehicle,
    charged_class: VehicleClass,
    charged: i64,
    due: i64,
}

/// The item of slot `index`, and its random stream (which its life goes on drawing from).
pub(super) fn make_spec(env: &Env<'_>, seed: u64, slots: &[Slot], index: usize) -> (Spec, Gen) {
    let slot = &slots[index];
    let mut g = Gen::new(seed, index as u64 + 1);
    let registrar = g.idx(env.desk.len());
    let intake = intake(&mut g, slot);
    let (category, variant, site) = topic(&mut g, slot.kind);
    let grade = if slot.kind == ItemKind::Complaint && g.chance(50) { Grade::Major } else { Grade::Ordinary };
    let place = whereabouts(env, &mut g);

    // When it happened.
    let back = match g.weighted(&[70, 22, if category == Category::TollDispute { 20 } else { 6 }]) {
        0 => g.range(20, 600),
        1 => g.range(600, 3 * 1440),
        _ => g.range(3 * 1440, 40 * 1440),
    };
    let passage = intake.accepted - mins(back);

    let charge = charge(&mut g, category, variant);
    let story = Story {
        kind: slot.kind,
        category,
        variant,
        site,
        office: place.office,
        station: place.station,
        station_name: place.station_name,
        entry: place.entry,
        service_area: place.service_area,
        place: place.place,
        kstake: place.kstake,
        lane: g.range(1, 9),
        etc_lane: g.chance(350),
        vehicle: charge.vehicle,
        charged_class: charge.charged_class,
        charged: charge.charged,
        due: charge.due,
        staff: format!("{}某", g.word(SURNAMES)),
        staff_no: g.range(1001, 1300),
        passage,
        accepted: intake.accepted,
    };
    let complaint = registered(env, &mut g, slot, &story, intake, grade, registrar);
    (Spec { complaint, story, registrar }, g)
}

/// The source, and the acceptance (and forwarding) a few minutes before the registration, within its day.
fn intake(g: &mut Gen, slot: &Slot) -> Intake {
    let reg = slot.reg;
    let day0 = start_of_day(reg.date_naive());
    let source = if slot.kind == ItemKind::Complaint {
        [Source::Provincial, Source::DirectCall, Source::Hotline12328, Source::Online, Source::Letter, Source::Other]
            [g.weighted(&[450, 330, 90, 70, 30, 30])]
    } else {
        [Source::DirectCall, Source::Provincial, Source::Online][g.weighted(&[600, 250, 150])]
    };
    let accepted = (reg - Duration::seconds(g.range(60, 900))).max(day0);
    let (forwarded_at, provincial_number) = if source == Source::Provincial {
        let fwd = (accepted - Duration::seconds(g.range(60, 1800))).max(day0);
        (Some(fwd), Some(format!("HB12328-{}{:04}", ymd(reg), slot.seq + 137)))
    } else {
        (None, None)
    };
    Intake { source, accepted, forwarded_at, provincial_number }
}

/// The category, the template within it and where that template happens.
fn topic(g: &mut Gen, kind: ItemKind) -> (Category, usize, Site) {
    match kind {
        ItemKind::Complaint => {
            let category = Category::ALL[g.weighted(COMPLAINT_CATEGORY_WEIGHTS)];
            let variant = g.idx(variants(category));
            (category, variant, complaint_site(category, variant))
        }
        ItemKind::Suggestion => {
            let v = g.idx(SUGGESTIONS.len());
            (SUGGESTIONS[v].0, v, SUGGESTIONS[v].1)
        }
        ItemKind::Praise => {
            let v = g.idx(PRAISES.len());
            (PRAISES[v].0, v, PRAISES[v].1)
        }
    }
}

/// Where: office, station, kilometre on its stretch, direction, and an entry station elsewhere.
fn whereabouts(env: &Env<'_>, g: &mut Gen) -> Whereabouts {
    let office = if env.offices.is_empty() { None } else { Some(g.idx(env.offices.len())) };
    let (station, station_name, km_from, service_area) = match office {
        Some(o) => {
            let oe = &env.offices[o];
            let st = g.idx(oe.stations.len());
            (Some(st), oe.stations[st].1.clone(), oe.km_from, oe.service_area.clone())
        }
        None => (None, NEIGHBOUR_STATIONS[0].to_owned(), 20, format!("{}服务区", env.road)),
    };
    let km = km_from + g.range(0, 45);
    let kstake = format!("K{km}+{:03}", g.range(0, 1000));
    let place = format!("{}{}{kstake}", env.road, g.word(DIRECTIONS));
    let entry = loop {
        let e = g.pick(&env.entries);
        if *e != station_name || env.entries.len() < 2 {
            break e.clone();
        }
    };
    Whereabouts { office, station, station_name, service_area, kstake, place, entry }
}

/// The vehicle (of the class the template needs), and what was charged against what was due.
fn charge(g: &mut Gen, category: Category, variant: usize) -> Charge {
    let (vehicle, charged_class) = match (category, variant) {
        (Category::VehicleClassDispute, 0) => (vehicle_of(g, VehicleClass::Bus1), VehicleClass::Bus2),
        (Category::VehicleClassDispute, 1) => (vehicle_of(g, VehicleClass::Truck1), VehicleClass::Truck2),
        (Category::VehicleClassDispute, 2) => (vehicle_of(g, VehicleClass::Bus1), VehicleClass::Truck2),
        (Category::VehicleClassDispute, _) => {
            let v = vehicle_of(g, VehicleClass::Bus1);
            (v, *g.pick(&[VehicleClass::Bus2, VehicleClass::Truck2]))
        }
        (Category::TollStandard, 2 | 3) => {
            let class = *g.pick(&TRUCKS[1..]);
            let v = vehicle_of(g, class);
            let c = v.class;
            (v, c)
        }
        (Category::TollStandard, 1) => {
            let v = vehicle_of(g, VehicleClass::Bus1);
            (v, VehicleClass::Bus1)
        }
        _ => {
            let v = random_vehicle(g);
            let c = v.class;
            (v, c)
        }
    };
    let dist = g.range(25, 260);
    let base = dist * rate(vehicle.class) / 5 * 5;
    let (charged, due) = match (category, variant) {
        (Category::TollDispute, 2) => (base * 2, base),
        (Category::TollDispute, 3) => (base * g.range(15, 30) / 10, base),
        (Category::TollDispute, 4) | (Category::TollStandard, 1 | 2) => (base, 0),
        (Category::TollDispute, _) => (base + g.range(5, 40) * 100, base),
        (Category::VehicleClassDispute, _) => (dist * rate(charged_class) / 5 * 5, base),
        (Category::TollStandard, 3) => (base, base * 95 / 100),
        (Category::Rescue, _) => {
            let fee = g.range(8, 40) * 10_000;
            (fee, fee * g.range(4, 8) / 10)
        }
        _ => (base, base),
    };
    Charge { vehicle, charged_class, charged, due }
}

/// The complaint as the desk registers it: the story's texts (a major one says why), the vehicle
/// (always for a complaint, for half of the rest), the place by the kind of site, the office and
/// station it concerns, and the driver's name and phone.
fn registered(
    env: &Env<'_>,
    g: &mut Gen,
    slot: &Slot,
    story: &Story,
    intake: Intake,
    grade: Grade,
    registrar: usize,
) -> Complaint {
    let (mut content, request) =
        if slot.kind == ItemKind::Complaint { complaint_text(story) } else { recorded_text(story) };
    if grade == Grade::Major {
        content.push_str(g.word(MAJOR_SUFFIXES));
    }
    let with_vehicle = slot.kind == ItemKind::Complaint || g.chance(500);
    let (office_id, station_id) = match (story.office, story.site) {
        (Some(o), Site::Station) => (Some(env.offices[o].id), story.station.map(|s| env.offices[o].stations[s].0)),
        (Some(o), _) if slot.kind == ItemKind::Complaint => (Some(env.offices[o].id), None),
        _ => (None, None),
    };
    let at_station = story.site == Site::Station;
    let registrar_actor = &env.desk[registrar];
    Complaint {
        number: slot.number.clone(),
        kind: slot.kind,
        source: intake.source,
        provincial_number: intake.provincial_number,
        forwarded_at: intake.forwarded_at,
        accepted_at: intake.accepted,
        accepted_by: registrar_actor.id,
        accepted_by_name: registrar_actor.name.clone(),
        complainant: caller_name(g),
        phone: phone(g),
        plate: if with_vehicle { Plate::parse(&story.vehicle.plate).ok() } else { None },
        plate_colour: with_vehicle.then_some(story.vehicle.colour),
        vehicle_class: with_vehicle.then_some(story.vehicle.class),
        passage_at: Some(story.passage),
        entry_station: (at_station && slot.kind == ItemKind::Complaint).then(|| story.entry.clone()),
        exit_station: at_station.then(|| story.station_name.clone()),
        place: match story.site {
            Site::Station => None,
            Site::Road => Some(story.place.clone()),
            Site::ServiceArea => Some(story.service_area.clone()),
        },
        kstake: (story.site == Site::Road).then(|| story.kstake.clone()),
        category: story.category,
        grade,
        content,
        request: request.to_owned(),
        office: office_id,
        station: station_id,
        state: ComplaintState::Registered,
        deadlines: Vec::new(),
        paused_since: None,
        extension: None,
        checklist: Checklist::default(),
        result: None,
        head_signature: None,
        handler_signature: None,
        approval: None,
        return_reason: None,
        revisits: Vec::new(),
        urge_count: 0,
        reopen_count: 0,
        round: 1,
        duplicate_of: None,
        duplicates: Vec::new(),
        closed_at: None,
        close_kind: None,
        close_reason: None,
    }
}
