/*
 * Marks one version requirement of a shared library weak (VER_FLG_WEAK), so the dynamic loader accepts a libstdc++
 * that lacks it instead of refusing to load the library. Usage: weaken_version FILE VERSION (e.g. GLIBCXX_3.4.32).
 * patchelf can clear a symbol's version but cannot weaken the library-wide requirement, which the loader checks
 * separately. Exits 0 when the flag is set (or already was), 1 on a malformed file, 2 when VERSION is not required.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE VERSION\n", argv[0]);
        return 1;
    }

    FILE *file = fopen(argv[1], "r+b");
    if (file == NULL) {
        perror(argv[1]);
        return 1;
    }

    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    unsigned char *image = malloc((size_t)size);
    fseek(file, 0, SEEK_SET);
    if (image == NULL || fread(image, 1, (size_t)size, file) != (size_t)size || size < (long)sizeof(Elf64_Ehdr)
        || memcmp(image, ELFMAG, SELFMAG) != 0 || image[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "%s: not a 64-bit ELF file\n", argv[1]);
        return 1;
    }

    Elf64_Ehdr *header = (Elf64_Ehdr *)image;
    Elf64_Shdr *sections = (Elf64_Shdr *)(image + header->e_shoff);
    for (int s = 0; s < header->e_shnum; s++) {
        if (sections[s].sh_type != SHT_GNU_verneed) {
            continue;
        }

        const char *strings = (const char *)(image + sections[sections[s].sh_link].sh_offset);
        Elf64_Off need_offset = sections[s].sh_offset;
        for (;;) {
            Elf64_Verneed *need = (Elf64_Verneed *)(image + need_offset);
            Elf64_Off aux_offset = need_offset + need->vn_aux;
            for (int a = 0; a < need->vn_cnt; a++) {
                Elf64_Vernaux *aux = (Elf64_Vernaux *)(image + aux_offset);
                if (strcmp(strings + aux->vna_name, argv[2]) == 0) {
                    aux->vna_flags |= VER_FLG_WEAK;
                    long at = (long)((unsigned char *)&aux->vna_flags - image);
                    if (fseek(file, at, SEEK_SET) != 0 || fwrite(&aux->vna_flags, sizeof aux->vna_flags, 1, file) != 1 || fclose(file) != 0) {
                        perror(argv[1]);
                        return 1;
                    }

                    return 0;
                }

                aux_offset += aux->vna_next;
            }

            if (need->vn_next == 0) {
                break;
            }

            need_offset += need->vn_next;
        }
    }

    fprintf(stderr, "%s: no requirement of version %s\n", argv[1], argv[2]);
    return 2;
}
