// Live notifications: a progressive enhancement. Without JavaScript the same
// information appears the next time the page loads.
export function connectNotifications (region) {
  if (!region || !('WebSocket' in window)) return
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/notifications/`)
  socket.addEventListener('message', (event) => {
    let data
    try {
      data = JSON.parse(event.data)
    } catch {
      return
    }
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
  })
}
