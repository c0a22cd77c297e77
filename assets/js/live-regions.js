// Live regions: a progressive enhancement. An element with `data-live-region`
// and an id shows what its page's address holds (a concern's timeline, a
// conversation). When the notification socket says that address changed, or
// when the page catches up after polling or reconnecting, the page is fetched
// again and the region's contents are replaced by the fresh copy's. Without
// JavaScript the same appears on the next load. Focus and anything typed
// elsewhere on the page are untouched: only the region is replaced, and a
// region holding the focus waits until the next change.
function samePath (url) {
  try {
    return new URL(url, window.location.href).pathname === window.location.pathname
  } catch {
    return false
  }
}

function refresh (regions) {
  window.fetch(window.location.href, {
    credentials: 'same-origin',
    headers: { Accept: 'text/html', 'X-Live-Region': '1' }
  })
    .then((response) => response.ok ? response.text() : null)
    .then((html) => {
      if (html === null) return
      const fresh = new window.DOMParser().parseFromString(html, 'text/html')
      for (const region of regions) {
        const replacement = fresh.getElementById(region.id)
        if (!replacement || region.contains(document.activeElement)) continue
        if (replacement.innerHTML !== region.innerHTML) {
          region.innerHTML = replacement.innerHTML
          region.dispatchEvent(new window.CustomEvent('portal:region-updated', { bubbles: true }))
        }
      }
    })
    .catch(() => {})
}

export function connectLiveRegions () {
  const regions = Array.from(document.querySelectorAll('[data-live-region][id]'))
  if (regions.length === 0) return
  let pending = null
  const soon = () => {
    if (pending !== null) return
    pending = window.setTimeout(() => {
      pending = null
      refresh(regions)
    }, 150)
  }
  document.addEventListener('portal:update', (event) => {
    if (event.detail && samePath(event.detail.url)) soon()
  })
  document.addEventListener('portal:catch-up', soon)
}
