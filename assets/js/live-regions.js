// Live regions: a progressive enhancement. An element with `data-live-region`
// and an id shows what its page's address holds (a concern's timeline, a
// conversation). When the notification socket says that address changed, or
// when the page catches up after polling or reconnecting, the page is fetched
// again and the region's contents are replaced by the fresh copy's. Without
// JavaScript the same appears on the next load.
//
// The fetch says whether the page is on screen (`X-Page-Visible`), so that a
// conversation open in a background tab is not marked read; when the page is
// shown again after such a refresh, it refreshes once more as a visible page.
//
// The regions themselves are not announced (that would read the whole thread
// again). A region may hold a small `role="status"` element with
// `data-live-announce` and an id, placed first in the region: that element is
// kept and only its text changes, so screen readers read that one line.
// Focus, the scroll position (a reader at the bottom of a region stays at its
// bottom) and anything typed elsewhere on the page are kept; a region holding
// the focus waits for the next change if the focused element has no
// counterpart in the fresh copy.
// The same page has an address per language ("/portal/...", "/cy/portal/...",
// "/ur/portal/..."), and an event names it in the language of whoever acted:
// compare the addresses without their language prefix.
function withoutLanguagePrefix (path) {
  return path.replace(/^\/[a-z]{2,3}(?=\/portal\/)/, '')
}

function samePath (url) {
  try {
    const target = new URL(url, window.location.href).pathname
    return withoutLanguagePrefix(target) === withoutLanguagePrefix(window.location.pathname)
  } catch {
    return false
  }
}

function pageVisible () {
  return document.visibilityState === 'visible'
}

// How to find the focused element again in a fresh copy of its region: its
// own id, or the nearest ancestor with an id and its position among that
// ancestor's focusable elements.
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]'

function focusKey (region) {
  const active = document.activeElement
  if (!active || active === region || !region.contains(active)) return null
  if (active.id) return { id: active.id, index: -1 }
  const anchor = active.parentElement.closest('[id]')
  if (!anchor || !region.contains(anchor)) return { id: null, index: -1 }
  return { id: anchor.id, index: Array.from(anchor.querySelectorAll(FOCUSABLE)).indexOf(active) }
}

function findByKey (root, key) {
  if (!key.id) return null
  const anchor = root.querySelector(`#${window.CSS.escape(key.id)}`)
  if (!anchor || key.index < 0) return anchor
  return anchor.querySelectorAll(FOCUSABLE)[key.index] || null
}

function isAnnouncer (node) {
  return node.nodeType === window.Node.ELEMENT_NODE && node.hasAttribute('data-live-announce') && node.id
}

// Replace the region's contents with the replacement's, keeping its
// announcers (so they stay the same live region) and changing only their text.
function swap (region, replacement) {
  const kept = new Map()
  for (const child of Array.from(region.childNodes)) {
    if (isAnnouncer(child)) kept.set(child.id, child)
    else child.remove()
  }
  const texts = new Map()
  for (const child of Array.from(replacement.childNodes)) {
    if (isAnnouncer(child) && kept.has(child.id)) texts.set(child.id, child.textContent)
    else region.appendChild(document.importNode(child, true))
  }
  for (const [id, node] of kept) {
    if (!texts.has(id)) node.remove()
    else if (node.textContent !== texts.get(id)) node.textContent = texts.get(id)
  }
}

function update (region, replacement) {
  const key = focusKey(region)
  if (key !== null && !findByKey(replacement, key)) return false
  const before = region.getBoundingClientRect()
  const atBottom = before.bottom >= 0 && before.bottom <= window.innerHeight + 2
  const scrollX = window.scrollX
  const scrollY = window.scrollY
  swap(region, replacement)
  if (key !== null) {
    const target = findByKey(region, key)
    if (target) target.focus({ preventScroll: true })
  }
  window.scrollTo(scrollX, scrollY)
  if (atBottom) {
    const after = region.getBoundingClientRect()
    window.scrollBy(0, after.bottom - before.bottom)
  }
  return true
}

function refresh (regions) {
  const visible = pageVisible()
  return window.fetch(window.location.href, {
    credentials: 'same-origin',
    headers: {
      Accept: 'text/html',
      'X-Live-Region': '1',
      'X-Page-Visible': visible ? '1' : '0'
    }
  })
    .then((response) => response.ok ? response.text() : null)
    .then((html) => {
      if (html === null) return
      const fresh = new window.DOMParser().parseFromString(html, 'text/html')
      for (const region of regions) {
        const replacement = fresh.getElementById(region.id)
        if (!replacement || replacement.innerHTML === region.innerHTML) continue
        if (update(region, replacement)) {
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
  // A refresh made while the page was hidden: refresh again once it is shown.
  let refreshedUnseen = false
  const soon = () => {
    if (pending !== null) return
    pending = window.setTimeout(() => {
      pending = null
      if (!pageVisible()) refreshedUnseen = true
      refresh(regions)
    }, 150)
  }
  document.addEventListener('portal:update', (event) => {
    if (event.detail && samePath(event.detail.url)) soon()
  })
  document.addEventListener('portal:catch-up', soon)
  document.addEventListener('visibilitychange', () => {
    if (pageVisible() && refreshedUnseen) {
      refreshedUnseen = false
      soon()
    }
  })
}
