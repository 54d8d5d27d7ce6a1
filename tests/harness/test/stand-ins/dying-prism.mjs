// Stands in for a Prism that cannot start (a broken spec, a taken port): says why and exits 3.
console.error("[CLI] ✖  fatal     stand-in: the spec could not be read");
process.exit(3);
