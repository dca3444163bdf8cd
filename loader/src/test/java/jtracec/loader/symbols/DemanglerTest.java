package jtracec.loader.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real symbols from {@code nm} of binaries on the development machine (libstdc++.so.6, a rustc-built
 * program in both manglings), expected as c++filt prints them; for Rust without the crate and
 * function hashes, as rustc-demangle's alternate form (the form users write in probes).
 */
class DemanglerTest {
    static Stream<Arguments> itaniumSymbols() {
        return Stream.of(
                Arguments.of("_ZGVNSt7__cxx117collateIcE2idE", "guard variable for std::__cxx11::collate<char>::id"),
                Arguments.of("_ZNSolsEi", "std::basic_ostream<char, std::char_traits<char> >::operator<<(int)"),
                Arguments.of("_ZNSs6insertEN9__gnu_cxx17__normal_iteratorIPcSsEEmc", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::insert(__gnu_cxx::__normal_iterator<char*, std::basic_string<char, std::char_traits<char>, std::allocator<char> > >, unsigned long, char)"),
                Arguments.of("_ZNSt8ios_base7failureB5cxx11C1EPKcRKSt10error_code", "std::ios_base::failure[abi:cxx11]::failure(char const*, std::error_code const&)"),
                Arguments.of("_ZStlsIwSt11char_traitsIwEERSt13basic_ostreamIT_T0_ES6_PKc", "std::basic_ostream<wchar_t, std::char_traits<wchar_t> >& std::operator<< <wchar_t, std::char_traits<wchar_t> >(std::basic_ostream<wchar_t, std::char_traits<wchar_t> >&, char const*)"),
                Arguments.of("_ZTIPDi", "typeinfo for char32_t*"),
                Arguments.of("_Znwm", "operator new(unsigned long)"),
                Arguments.of("_ZNSt14collate_bynameIwEC2ERKSsm", "std::collate_byname<wchar_t>::collate_byname(std::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, unsigned long)"),
                Arguments.of("_ZNKSt8numpunctIcE16do_thousands_sepEv", "std::numpunct<char>::do_thousands_sep() const"),
                Arguments.of("_ZNSt15basic_streambufIwSt11char_traitsIwEE6sbumpcEv", "std::basic_streambuf<wchar_t, std::char_traits<wchar_t> >::sbumpc()"),
                Arguments.of("_ZTSN10__cxxabiv117__pbase_type_infoE", "typeinfo name for __cxxabiv1::__pbase_type_info"),
                Arguments.of("_ZNKSt10filesystem4path16lexically_normalEv", "std::filesystem::path::lexically_normal() const"),
                Arguments.of("_ZNKSt19__codecvt_utf8_baseIDiE9do_lengthER11__mbstate_tPKcS4_m", "std::__codecvt_utf8_base<char32_t>::do_length(__mbstate_t&, char const*, char const*, unsigned long) const"),
                Arguments.of("_ZNSt7__cxx1119basic_ostringstreamIwSt11char_traitsIwESaIwEED2Ev", "std::__cxx11::basic_ostringstream<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >::~basic_ostringstream()"),
                Arguments.of("_ZNKSt7__cxx1110moneypunctIwLb1EE16do_decimal_pointEv", "std::__cxx11::moneypunct<wchar_t, true>::do_decimal_point() const"),
                Arguments.of("_ZNSt14numeric_limitsInE15tinyness_beforeE", "std::numeric_limits<__int128>::tinyness_before"),
                Arguments.of("_ZNSt9money_putIwSt19ostreambuf_iteratorIwSt11char_traitsIwEEE2idE", "std::money_put<wchar_t, std::ostreambuf_iterator<wchar_t, std::char_traits<wchar_t> > >::id"),
                Arguments.of("_ZNKSt10moneypunctIwLb0EE10pos_formatEv", "std::moneypunct<wchar_t, false>::pos_format() const"),
                Arguments.of("_ZNSt7__cxx1115basic_stringbufIcSt11char_traitsIcESaIcEEC2Ev", "std::__cxx11::basic_stringbuf<char, std::char_traits<char>, std::allocator<char> >::basic_stringbuf()"));
    }

    static Stream<Arguments> rustV0Symbols() {
        return Stream.of(
                Arguments.of("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNtCslNYArtu3iFV_5alloc5boxed3BoxDG0_INtNtNtB4_3ops8function2FnTRL1_INtNtCsjrHSEGnQ3l9_3std5panic13PanicHookInfoL0_EEEp6OutputuNtNtB4_6marker4SyncNtB2N_4SendEL_EEB1T_", "core::ptr::drop_in_place::<alloc::boxed::Box<dyn for<'a, 'b> core::ops::function::Fn<(&'a std::panic::PanicHookInfo<'b>,), Output = ()> + core::marker::Sync + core::marker::Send>>"),
                Arguments.of("_RNvNtCscAEuU5ehQ2G_3app6server6handle", "app::server::handle"),
                Arguments.of("_RNvMs6_NtNtCsduwmD7cSIQq_5gimli4read6abbrevNtB5_10Attributes4push", "<gimli::read::abbrev::Attributes>::push"),
                Arguments.of("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNtCs4X4t9plMPHF_9addr2line4unit8SupUnitsINtNtNtCsduwmD7cSIQq_5gimli4read12endian_slice11EndianSliceNtNtB1u_9endianity12LittleEndianEEECsjrHSEGnQ3l9_3std", "core::ptr::drop_in_place::<addr2line::unit::SupUnits<gimli::read::endian_slice::EndianSlice<gimli::endianity::LittleEndian>>>"),
                Arguments.of("_RINvNtNtNtCsjrHSEGnQ3l9_3std3sys7helpers14small_c_string24run_with_cstr_allocatingNtNtB8_4path7PathBufEB8_", "std::sys::helpers::small_c_string::run_with_cstr_allocating::<std::path::PathBuf>"),
                Arguments.of("_RNvXs8_NtCsgEmfK2I1SDS_4core3fmtNtB5_9ArgumentsNtB5_7Display3fmt", "<core::fmt::Arguments as core::fmt::Display>::fmt"),
                Arguments.of("_RNvXs1i_NtCsgEmfK2I1SDS_4core3fmtReNtB6_7Display3fmtB8_", "<&str as core::fmt::Display>::fmt"),
                Arguments.of("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeNtNtNtNtNtCsjrHSEGnQ3l9_3std12backtrace_rs9symbolize5gimli5stash5StashEBQ_", "core::ptr::drop_in_place::<std::backtrace_rs::symbolize::gimli::stash::Stash>"),
                Arguments.of("_RNvMsa_NtCsgEmfK2I1SDS_4core3fmtNtB5_9Formatter3pad", "<core::fmt::Formatter>::pad"),
                Arguments.of("_RINvNtNtNtNtCsgEmfK2I1SDS_4core5slice4sort6shared9smallsort18small_sort_generalNtNtNtNtNtCsjrHSEGnQ3l9_3std12backtrace_rs9symbolize5gimli3elf9ParsedSymNCINvMB8_SB1f_20sort_unstable_by_keyyNCNvMs_B1h_NtB1h_6Object5parses1_0E0EB1p_", "core::slice::sort::shared::smallsort::small_sort_general::<std::backtrace_rs::symbolize::gimli::elf::ParsedSym, <[std::backtrace_rs::symbolize::gimli::elf::ParsedSym]>::sort_unstable_by_key<u64, <std::backtrace_rs::symbolize::gimli::elf::Object>::parse::{closure#3}>::{closure#0}>"),
                Arguments.of("_RINvMs0_NtNtNtCsjrHSEGnQ3l9_3std12backtrace_rs9symbolize5gimliNtB6_5Cache11with_globalNCNvB6_7resolves_0EBc_", "<std::backtrace_rs::symbolize::gimli::Cache>::with_global::<std::backtrace_rs::symbolize::gimli::resolve::{closure#1}>"),
                Arguments.of("_RINvMs4_NtCsgY6Mt91CT9J_14rustc_demangle2v0NtB6_7Printer13print_backrefNCNvB2_10print_paths_0EB8_", "<rustc_demangle::v0::Printer>::print_backref::<<rustc_demangle::v0::Printer>::print_path::{closure#1}>"),
                Arguments.of("_RINvMs4_NtCsgY6Mt91CT9J_14rustc_demangle2v0NtB6_7Printer9in_binderNCNvB2_10print_types_0EB8_", "<rustc_demangle::v0::Printer>::in_binder::<<rustc_demangle::v0::Printer>::print_type::{closure#1}>"));
    }

    static Stream<Arguments> rustLegacySymbols() {
        return Stream.of(
                Arguments.of("_ZN3app4main17h72769ddfa41acab1E", "app::main"),
                Arguments.of("_ZN3app6server6handle17hf721dabb47328d23E", "app::server::handle"),
                Arguments.of("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h7a3bb2b309a0da7dE", "std::rt::lang_start::{{closure}}"),
                Arguments.of("_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h07ac9118f36d271cE", "std::sys::backtrace::__rust_begin_short_backtrace"),
                Arguments.of("_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h48c309cf0eec94abE", "core::ops::function::FnOnce::call_once{{vtable.shim}}"),
                Arguments.of("_ZN4core3ptr35drop_in_place$LT$std..env..Args$GT$17hcc5808e347a4fc50E", "core::ptr::drop_in_place<std::env::Args>"));
    }

    @ParameterizedTest
    @MethodSource("itaniumSymbols")
    void cxxSymbolsReadAsCxxFiltPrintsThem(String mangled, String expected) {
        assertEquals(Optional.of(expected), Demangler.demangle(mangled));
    }

    @ParameterizedTest
    @MethodSource("rustV0Symbols")
    void rustV0SymbolsReadAsPathsWithoutCrateHashes(String mangled, String expected) {
        assertEquals(Optional.of(expected), Demangler.demangle(mangled));
    }

    @ParameterizedTest
    @MethodSource("rustLegacySymbols")
    void rustLegacySymbolsDropTheirHash(String mangled, String expected) {
        assertEquals(Optional.of(expected), Demangler.demangle(mangled));
    }

    @Test
    void plainAndMalformedNamesHaveNoDemangledForm() {
        assertEquals(Optional.empty(), Demangler.demangle("malloc"));
        assertEquals(Optional.empty(), Demangler.demangle("_ZN3app"));
        assertEquals(Optional.empty(), Demangler.demangle("_ZN3app6server6handleE1"));
        assertEquals(Optional.empty(), Demangler.demangle("_RNvNtCs_3app"));
        assertEquals(Optional.empty(), Demangler.demangle("_RB9_"));
    }

    @Test
    void gccCloneSuffixesAreShownAsLibibertyShowsThem() {
        assertEquals(Optional.of("foo(int) [clone .isra.0] [clone .cold]"), Demangler.demangle("_Z3fooi.isra.0.cold"));
    }

    @Test
    void everySymbolLibstdcxxExportsDemanglesAsCxxFiltDoes() throws IOException, InterruptedException {
        var library = Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        Assumptions.assumeTrue(Files.isReadable(library), "no libstdc++.so.6 to compare with");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/c++filt")), "no c++filt to compare with");
        List<String> symbols = ElfFile.read(library).functions().stream().map(ElfFile.Symbol::name)
                .filter(name -> name.startsWith("_Z")).toList();
        var process = new ProcessBuilder("/usr/bin/c++filt").start();
        var writer = Thread.ofVirtual().start(() -> {
            try (var in = process.getOutputStream()) {
                in.write(String.join("\n", symbols).concat("\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        writer.join();
        process.waitFor();
        var wrong = new ArrayList<String>();
        for (int i = 0; i < symbols.size(); i++) {
            var demangled = Demangler.demangle(symbols.get(i));
            if (!demangled.equals(Optional.of(expected.get(i)))) wrong.add(symbols.get(i) + " -> " + demangled);
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " of " + symbols.size() + " differ");
    }
}
