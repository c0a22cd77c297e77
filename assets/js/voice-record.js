// Recorded answers: a progressive enhancement of `<input type="file" name="audio"
// data-voice-record>`. Where the browser can record (MediaRecorder and getUserMedia), big
// Record, Stop, Play back and Record again buttons take the place of the file input, and the
// recording is put into that input, so the form's ordinary POST sends it. Without support
// (or when the microphone is refused) the plain file input stays. Words come from the
// group's data- attributes, translated by the server; "%s" in them is the recording's length.

const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm']
const EXTENSIONS = { 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' }

function clock (seconds) {
  const whole = Math.floor(seconds)
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`
}

function supported () {
  return Boolean(window.MediaRecorder && window.DataTransfer &&
    navigator.mediaDevices && navigator.mediaDevices.getUserMedia)
}

function enhance (input) {
  const group = input.closest('[data-voice-recorder]')
  const fallback = group && group.querySelector('[data-voice-record-fallback]')
  if (!group || !fallback || group.dataset.voiceReady) return
  group.dataset.voiceReady = 'yes'
  const say = (name, length) => (group.dataset[name] || '').replace('%s', length || '')
  const limit = Number(group.dataset.maxSeconds) || 120

  const controls = document.createElement('div')
  controls.className = 'app-voice-recorder__controls'
  const button = (label, extra) => {
    const element = document.createElement('button')
    element.type = 'button'
    element.className = `govuk-button app-voice-recorder__button ${extra || ''}`
    element.textContent = say(label)
    controls.append(element)
    return element
  }
  const record = button('labelRecord')
  const stop = button('labelStop', 'govuk-button--warning')
  const play = button('labelPlay', 'govuk-button--secondary')
  const again = button('labelAgain', 'govuk-button--secondary')
  const timer = document.createElement('p')
  timer.className = 'govuk-body-l app-voice-recorder__timer'
  timer.setAttribute('aria-hidden', 'true')
  const status = document.createElement('p')
  status.className = 'govuk-body app-voice-recorder__status'
  status.setAttribute('role', 'status')
  const player = document.createElement('audio')
  player.hidden = true
  controls.append(timer, status, player)
  fallback.hidden = true
  fallback.after(controls)

  let recorder = null
  let ticking = null
  let started = 0
  let seconds = 0

  const show = (...shown) => {
    const hadFocus = controls.contains(document.activeElement)
    for (const each of [record, stop, play, again]) each.hidden = !shown.includes(each)
    if (hadFocus && shown[0]) shown[0].focus()
  }
  const tick = () => {
    seconds = (Date.now() - started) / 1000
    timer.textContent = `${clock(seconds)} / ${clock(limit)}`
    if (seconds >= limit) finish()
  }
  const finish = () => {
    if (recorder && recorder.state !== 'inactive') recorder.stop()
  }

  async function begin () {
    let stream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch {
      status.textContent = say('labelDenied')
      show()
      timer.hidden = true
      fallback.hidden = false
      return
    }
    const type = TYPES.find((each) => window.MediaRecorder.isTypeSupported(each))
    recorder = new window.MediaRecorder(stream, type ? { mimeType: type } : {})
    const chunks = []
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size) chunks.push(event.data)
    })
    recorder.addEventListener('stop', () => {
      clearInterval(ticking)
      for (const track of stream.getTracks()) track.stop()
      const mime = (recorder.mimeType || type || 'audio/webm').split(';')[0]
      const blob = new Blob(chunks, { type: mime })
      const file = new File([blob], `recording.${EXTENSIONS[mime] || 'webm'}`, { type: mime })
      const transfer = new DataTransfer()
      transfer.items.add(file)
      input.files = transfer.files
      if (player.src) URL.revokeObjectURL(player.src)
      player.src = URL.createObjectURL(blob)
      status.textContent = say('labelDone', clock(seconds))
      show(play, again)
    })
    started = Date.now()
    seconds = 0
    recorder.start(1000)
    ticking = setInterval(tick, 250)
    tick()
    status.textContent = say('labelRecording')
    show(stop)
  }

  record.addEventListener('click', begin)
  stop.addEventListener('click', finish)
  again.addEventListener('click', () => {
    player.pause()
    input.value = ''
    begin()
  })
  play.addEventListener('click', () => {
    player.currentTime = 0
    player.play()
  })
  show(record)
}

if (supported()) {
  for (const input of document.querySelectorAll('input[type="file"][data-voice-record]')) {
    enhance(input)
  }
}
