/*
 * replay.c — a main() for a libFuzzer target built without libFuzzer: runs the target once
 * on every file named on the command line, or in the folders named (not recursively).
 * Meson builds each tests/fuzz/fuzz_NAME.c with it and replays the seed corpus
 * tests/fuzz/corpus/NAME/ and the crash inputs kept as regression tests in
 * tests/fuzz/regress/NAME/ (suite 'fuzz-replay'): a target's checks trap, so an input
 * that once crashed fails the test if the bug comes back.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on the file at path; returns 0, or 1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open '%s'\n", path);
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *data = malloc(cap);
	for (;;) {
		size_t got = fread(data + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
		if (n == cap) {
			cap *= 2;
			data = realloc(data, cap);
		}
	}
	fclose(f);
	/* libFuzzer hands the target a buffer of exactly the input's size. */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, data, n);
	free(data);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, bad = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: no such file or folder '%s'\n", argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += replay_file(argv[i]);
			files++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		for (;;) {
			struct dirent *e = d ? readdir(d) : NULL;
			if (!e)
				break;
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			bad += replay_file(path);
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("replay: %d inputs, %d unreadable\n", files, bad);
	return bad ? 1 : 0;
}
