//! Traced by RustUprobeTest: calls app::server::handle and app::server::accept a given number of
//! times with known arguments; checksum is always inlined, so it has no symbol of its own.
use std::hint::black_box;

pub mod server {
    #[inline(never)]
    pub fn handle(request: u64, weight: u32) -> u64 {
        request * 3 + weight as u64
    }

    #[inline(never)]
    pub fn accept(port: u16) -> i64 {
        -(port as i64)
    }

    #[inline(always)]
    pub fn checksum(data: &[u8]) -> u64 {
        data.iter().fold(0u64, |sum, byte| sum.rotate_left(5) ^ *byte as u64)
    }
}

fn main() {
    let count: u64 = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(3);
    let mut total = 0u64;
    for i in 0..count {
        total = total.wrapping_add(server::handle(black_box(i + 5), black_box(7)));
        total = total.wrapping_add(server::accept(black_box(8080 + i as u16)) as u64);
        total = total.wrapping_add(server::checksum(&black_box(i).to_le_bytes()));
    }
    println!("{}", total);
}
