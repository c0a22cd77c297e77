// Read to me: a button beside each question and answer on the pupils' pages that speaks its
// words with the browser's speech synthesis, in the page's language, only when pressed. Where
// the browser cannot speak, no button appears. Nothing else on these pages needs JavaScript.
(function () {
  'use strict'
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return
  var synth = window.speechSynthesis
  var lang = (document.documentElement.lang || 'en').toLowerCase()
  var label = document.body.getAttribute('data-read-label') || 'Read to me'

  function voiceFor (code) {
    var voices = synth.getVoices() || []
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(code) === 0) return voices[i]
    }
    return null
  }

  function speak (text) {
    synth.cancel()
    var utterance = new window.SpeechSynthesisUtterance(text)
    utterance.lang = lang
    var voice = voiceFor(lang.split('-')[0])
    if (voice) utterance.voice = voice
    synth.speak(utterance)
  }

  var items = document.querySelectorAll('[data-read]')
  for (var i = 0; i < items.length; i++) {
    (function (item) {
      var text = item.textContent.replace(/\s+/g, ' ').trim()
      if (!text) return
      var button = document.createElement('button')
      button.type = 'button'
      button.className = 'app-voice-read-button'
      button.textContent = label
      var hidden = document.createElement('span')
      hidden.className = 'govuk-visually-hidden'
      hidden.textContent = ': ' + text
      button.appendChild(hidden)
      button.addEventListener('click', function () { speak(text) })
      var anchor = item.closest('label, legend') || item
      anchor.parentNode.insertBefore(button, anchor.nextSibling)
    })(items[i])
  }
})()
