//! The process's allocator, and handing the memory a finished stage freed back to the system.
//!
//! Render's worker threads free a great deal of what another thread allocated: Typst's caches are
//! shared, and evicting them drops every thread's entries at once. glibc's malloc takes the lock of
//! the arena a block came from for such a free, and perf showed the workers spending most of
//! their waits queued on those locks (`__lll_lock_wait_private` under `free`). mimalloc hands a
//! foreign block back through a lock-free list of the page that owns it. Measured on the
//! development machine: render 13–17% faster, and `run` at 200,000 people peaks within 17% of `run`
//! at 20,000 (glibc: 60% above), because the planner's freed memory goes back to the system instead
//! of staying in the main thread's arena. Every binary linking papila uses it, so `naive-render`,
//! the benchmark's baseline, is compared on the same allocator.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Returns the memory the allocator holds free to the system, now rather than after its delay.
pub(crate) fn release_freed() {
    // SAFETY: mi_collect takes no pointers; it walks the allocator's own free pages.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
