// Live notifications: a progressive enhancement. Without JavaScript the same
// information appears in the notification list and the header count the next
// time a page loads. When the live connection is down, the page polls the
// unread count instead, so nothing is missed.
const POLL_MS = 30000

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

function poll (link, badge) {
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
  if (!('WebSocket' in window)) {
    startPolling()
    return
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/notifications/`)
  socket.addEventListener('open', () => {
    if (timer !== null) {
      window.clearInterval(timer)
      timer = null
    }
  })
  socket.addEventListener('close', startPolling)
  socket.addEventListener('error', startPolling)
  socket.addEventListener('message', (event) => {
    let data
    try {
      data = JSON.parse(event.data)
    } catch {
      return
    }
    showNotification(region, data)
    showCount(badge, data.unread)
  })
}
