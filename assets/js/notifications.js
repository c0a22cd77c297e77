// Live notifications: a progressive enhancement. Without JavaScript the same
// information appears in the notification list and the header count the next
// time a page loads. When the live connection is down, the page polls the
// unread count instead, so nothing is missed, and reconnects with backoff
// (1 s doubling to 60 s, with jitter so that after a restart every open page
// does not come back at the same moment). On reconnecting it fetches the
// unread count it may have missed. A close for not being signed in (4401) or
// missing the second factor (4403) is final: reconnecting would not help.
const POLL_MS = 30000
const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 60000
const FINAL_CLOSE_CODES = [4401, 4403]

// The wait before reconnection attempt number `attempt` (0 first): between half
// and all of 1 s x 2^attempt, at most 60 s.
export function retryDelay (attempt, random = Math.random) {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

function showCount (badge, unread) {
  if (!badge || typeof unread !== 'number') return
  badge.hidden = unread === 0
  badge.firstChild.textContent = String(unread)
}

function showNotification (region, data) {
  const paragraph = document.createElement('p')
  paragraph.className = 'govuk-inset-text'
  if (data.url) {
    const link = document.createElement('a')
    link.className = 'govuk-link'
    link.href = data.url
    link.textContent = data.text
    paragraph.appendChild(link)
  } else {
    paragraph.textContent = data.text
  }
  region.appendChild(paragraph)
}

// Parts of the page that show something live (a concern's timeline, a
// conversation) listen for these: 'portal:update' when what an address shows
// changed, 'portal:catch-up' when events may have been missed (each poll, and
// each reconnection).
function announce (name, detail) {
  document.dispatchEvent(new window.CustomEvent(name, { detail }))
}

function poll (link, badge) {
  announce('portal:catch-up', {})
  const url = link && link.dataset.unreadUrl
  if (!url) return
  window.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => response.ok ? response.json() : null)
    .then((data) => { if (data) showCount(badge, data.unread) })
    .catch(() => {})
}

export function connectNotifications (region) {
  if (!region) return
  const link = document.getElementById('notifications-link')
  const badge = document.getElementById('unread-count')
  let timer = null
  const startPolling = () => {
    if (timer === null) timer = window.setInterval(() => poll(link, badge), POLL_MS)
  }
  const stopPolling = () => {
    if (timer !== null) {
      window.clearInterval(timer)
      timer = null
    }
  }
  if (!('WebSocket' in window)) {
    startPolling()
    return
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const address = `${scheme}://${window.location.host}/ws/notifications/`
  let attempt = 0
  let everOpen = false

  const open = () => {
    const socket = new window.WebSocket(address)
    socket.addEventListener('open', () => {
      stopPolling()
      // Notifications sent while the socket was down are not replayed: catch up the count.
      if (everOpen) poll(link, badge)
      everOpen = true
      attempt = 0
    })
    // An error is always followed by a close, which does the work.
    socket.addEventListener('close', (event) => {
      startPolling()
      if (FINAL_CLOSE_CODES.includes(event.code)) return
      window.setTimeout(open, retryDelay(attempt))
      attempt += 1
    })
    socket.addEventListener('message', (event) => {
      let data
      try {
        data = JSON.parse(event.data)
      } catch {
        return
      }
      if (data.kind === 'page.update') {
        announce('portal:update', { url: data.url })
        return
      }
      showNotification(region, data)
      showCount(badge, data.unread)
      if (data.url) announce('portal:update', { url: data.url })
    })
  }
  open()
}
