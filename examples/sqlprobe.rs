// Scratch: time SQL statements on a database (not committed).
use std::io::Read;
fn main() {
    let db = std::env::args().nth(1).unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    for sql in input.split(";;").map(str::trim).filter(|s| !s.is_empty()) {
        let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let p: Vec<String> = plan.query_map([], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
        let mut times = vec![];
        let mut n = 0;
        for _ in 0..5 {
            let t = std::time::Instant::now();
            let mut st = conn.prepare(sql).unwrap();
            let mut rows = st.query([]).unwrap();
            n = 0;
            let mut first = String::new();
            while let Some(r) = rows.next().unwrap() {
                if n == 0 {
                    first = format!("{:?}", r.get_ref(0).unwrap());
                }
                n += 1;
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if times.len() == 1 {
                print!("first={first} ");
            }
        }
        times.sort_by(f64::total_cmp);
        println!("rows={n} median={:.2}ms  plan={:?}\n  {}", times[2], p, sql.replace('\n', " "));
    }
}
