// Front-end asset build for the SEN support portal.
//
//   npm run build   (= node assets/build.mjs)
//
// 1. Compiles assets/scss/main.scss -> assets/dist/css/main.css (compressed)
//    with the sass (dart-sass) JS API, load path node_modules, warnings from
//    dependencies silenced.
// 2. Copies govuk-frontend's ES module bundle (+ source map) and our
//    assets/js/init.js to assets/dist/js/.
// 3. Sanity-checks the CSS: no GDS Transport font, no crown/crest images.
//
// Uses only Node built-ins and sass, so it runs the same on any OS/shell.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const assetsDir = dirname(fileURLToPath(import.meta.url))
const rootDir = resolve(assetsDir, '..')
const nodeModules = join(rootDir, 'node_modules')
const govukDist = join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const distDir = join(assetsDir, 'dist')

// Start from a clean output directory so removed files don't linger
rmSync(distDir, { recursive: true, force: true })
mkdirSync(join(distDir, 'css'), { recursive: true })
mkdirSync(join(distDir, 'js'), { recursive: true })

// 1. Sass
const scssEntry = join(assetsDir, 'scss', 'main.scss')
const cssOut = join(distDir, 'css', 'main.css')
const result = sass.compile(scssEntry, {
  style: 'compressed',
  loadPaths: [nodeModules],
  quietDeps: true,
  sourceMap: false
})
writeFileSync(cssOut, result.css + '\n')

// 1b. Urdu stylesheet: Noto Nastaliq Urdu and Noto Naskh Arabic, Arabic script
//     only, regular and bold, from @fontsource; fonts copied to dist/fonts and
//     served from 'self' (CSP font-src 'self'). Linked only on Urdu pages.
mkdirSync(join(distDir, 'fonts'), { recursive: true })
const fontFaces = []
for (const family of ['noto-nastaliq-urdu', 'noto-naskh-arabic']) {
  for (const weight of [400, 700]) {
    const packageDir = join(nodeModules, '@fontsource', family)
    const faceCss = readFileSync(join(packageDir, `arabic-${weight}.css`), 'utf8')
    for (const [, file] of faceCss.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
      cpSync(join(packageDir, 'files', file), join(distDir, 'fonts', file))
    }
    fontFaces.push(
      faceCss
        // woff2 only: every browser that reads Urdu well supports it
        .replace(/, url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, '')
        .replace(/url\(\.\/files\//g, 'url(../fonts/')
    )
  }
}
const urdu = sass.compile(join(assetsDir, 'scss', 'urdu.scss'), { style: 'compressed', sourceMap: false })
writeFileSync(join(distDir, 'css', 'urdu.css'), fontFaces.join('\n') + urdu.css + '\n')

// 1d. The pupils' pages (/voice/) add their own small stylesheet.
const voice = sass.compile(join(assetsDir, 'scss', 'voice.scss'), {
  style: 'compressed',
  loadPaths: [nodeModules],
  quietDeps: true,
  sourceMap: false
})
writeFileSync(join(distDir, 'css', 'voice.css'), voice.css + '\n')

// 1c. Fonts for the evidence pack's PDF (WeasyPrint reads them from static): Noto Sans, Latin
//     and Latin Extended (Welsh ŵ and ŷ), regular and bold. Urdu and Arabic are copied above.
for (const subset of ['latin', 'latin-ext']) {
  for (const weight of [400, 700]) {
    const file = `noto-sans-${subset}-${weight}-normal.woff2`
    cpSync(join(nodeModules, '@fontsource', 'noto-sans', 'files', file), join(distDir, 'fonts', file))
  }
}

// 2. JavaScript
for (const file of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  cpSync(join(govukDist, file), join(distDir, 'js', file))
}
// Every script of our own in assets/js (each page loads only the ones it needs).
for (const file of readdirSync(join(assetsDir, 'js')).filter((name) => name.endsWith('.js'))) {
  cpSync(join(assetsDir, 'js', file), join(distDir, 'js', file))
}

// 3. OpenMoji symbols for the pupils' pages: the colour SVGs named in voice/data/symbols.json
//    (the question sets) and voice/data/answering_symbols.json (faces, piles, yes/no), copied
//    to dist/voice/symbols/<code>.svg. A code with no file fails the build, so a set never
//    shows a broken picture. Each list is an array of codes, or {"symbols": [...]} whose items
//    are codes or objects with a "code".
function symbolCodes (file) {
  const data = JSON.parse(readFileSync(join(rootDir, 'voice', 'data', file), 'utf8'))
  const list = Array.isArray(data) ? data : (data.symbols ?? Object.keys(data))
  return list.map((item) => (typeof item === 'string' ? item : item.code)).filter(Boolean)
}
const symbolDir = join(distDir, 'voice', 'symbols')
mkdirSync(symbolDir, { recursive: true })
const openmojiSvg = join(nodeModules, 'openmoji', 'color', 'svg')
const codes = [...new Set([...symbolCodes('symbols.json'), ...symbolCodes('answering_symbols.json')])]
const missingSymbols = codes.filter((code) => !/^[0-9A-F]{2,6}(-[0-9A-F]{2,6})*$/.test(code) || !existsSync(join(openmojiSvg, `${code}.svg`)))
if (missingSymbols.length) {
  console.error(`OpenMoji has no symbol for: ${missingSymbols.join(', ')}`)
  process.exit(1)
}
for (const code of codes) {
  cpSync(join(openmojiSvg, `${code}.svg`), join(symbolDir, `${code}.svg`))
}
writeFileSync(join(symbolDir, 'index.json'), JSON.stringify(codes.sort()) + '\n')

// 4. Sanity checks
const css = readFileSync(cssOut, 'utf8')
const forbidden = [/GDS Transport/i, /govuk-crest/i, /crown[^"'()]*\.svg/i, /@font-face/i]
const problems = forbidden.filter((re) => re.test(css))
if (problems.length) {
  console.error(`main.css contains forbidden content: ${problems.join(', ')}`)
  process.exit(1)
}

const { version } = JSON.parse(readFileSync(join(nodeModules, 'govuk-frontend', 'package.json'), 'utf8'))
console.log(`Built with govuk-frontend ${version}:`)
console.log(`  ${cssOut} (${css.length} bytes, ${gzipSync(css).length} gzipped)`)
console.log(`  ${join(distDir, 'css', 'urdu.css')} with fonts in ${join(distDir, 'fonts')}`)
console.log(`  ${join(distDir, 'js')}/ (govuk-frontend and assets/js)`)
console.log(`  ${symbolDir}/ (${codes.length} OpenMoji symbols)`)
