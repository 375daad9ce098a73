/*
 * libLibTorchSharp.so (TorchSharp 0.107.0) was linked against GCC 13's libstdc++ and asks for one symbol of
 * GLIBCXX_3.4.32, std::ios_base_library_init(), which GCC 13's <iostream> calls so that the library sets up the
 * standard streams. Older libstdc++ (Debian 12 ships GCC 12's) lacks it, but there every translation unit that
 * includes <iostream> still sets the streams up itself, so an empty definition is all the loader needs.
 */
void _ZSt21ios_base_library_initv(void) {}
