// Tailwind 4 runs as a PostCSS plugin; it finds class names in our sources by itself.
export default { plugins: { "@tailwindcss/postcss": {} } };
