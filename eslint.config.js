// ESLint (flat config) for the browser scripts of locatieplanner: the ES modules in
// locatieplanner/web/static/js. The vendored libraries (static/vendor) are not ours to lint.
// Run: npm ci && npx eslint --max-warnings 0 locatieplanner/web/static/js (tests/test_javascript.py).
import js from "@eslint/js";
import globals from "globals";

export default [
    {
        ignores: ["node_modules/", "locatieplanner/web/static/vendor/"],
    },
    js.configs.recommended,
    {
        files: ["locatieplanner/web/static/js/**/*.js"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: {
                ...globals.browser,
                // Leaflet and its plugins (classic scripts loaded before the modules)
                L: "readonly",
            },
        },
        linterOptions: {
            reportUnusedDisableDirectives: "error",
        },
        rules: {
            "no-unused-vars": ["error", {args: "after-used", caughtErrors: "all"}],
            "no-implicit-globals": "error",
            "no-var": "error",
            "prefer-const": "error",
            eqeqeq: ["error", "always"],
            curly: ["error", "all"],
            "no-eval": "error",
            "no-implied-eval": "error",
            "no-new-func": "error",
            "no-script-url": "error",
            "no-shadow": "error",
            "no-use-before-define": ["error", {functions: false, classes: true, variables: true}],
            "no-param-reassign": "off",
            "no-restricted-properties": [
                "error",
                {property: "innerHTML", message: "Tekst uit de server gaat met textContent de pagina in, nooit als HTML."},
                {property: "outerHTML", message: "Tekst uit de server gaat met textContent de pagina in, nooit als HTML."},
                {property: "insertAdjacentHTML", message: "Tekst uit de server gaat met textContent de pagina in, nooit als HTML."},
            ],
            "no-restricted-syntax": [
                "error",
                {
                    selector: "CallExpression[callee.object.name='document'][callee.property.name='write']",
                    message: "document.write is niet toegestaan.",
                },
            ],
            "no-console": "error",
            "no-throw-literal": "error",
            "no-return-await": "error",
            "object-shorthand": "off",
            "prefer-arrow-callback": "error",
            "no-duplicate-imports": "error",
            "default-case-last": "error",
            "dot-notation": "error",
            "no-else-return": "off",
            "no-lonely-if": "error",
            "no-useless-concat": "error",
            "no-useless-return": "error",
            "prefer-template": "off",
            radix: "error",
            yoda: "error",
        },
    },
    {
        files: ["eslint.config.js"],
        languageOptions: {sourceType: "module", globals: globals.node},
    },
];
