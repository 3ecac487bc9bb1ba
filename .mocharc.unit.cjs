// `npm run test:unit`: the same settings and root hooks as .mocharc.json (which `npm test`
// uses), but only the tests that start no server, process or browser.
module.exports = { ...require('./.mocharc.json'), spec: ['test/unit/**/*.test.ts'] };
