package jtracec.loader.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionPatternTest {
    @Test
    void aRustPathMatchesBothManglingsOfTheFunction() {
        var pattern = new FunctionPattern("app::server::*");
        assertTrue(pattern.matches("_ZN3app6server6handle17hf721dabb47328d23E"));
        assertTrue(pattern.matches("_RNvNtCscAEuU5ehQ2G_3app6server6handle"));
        assertFalse(pattern.matches("_ZN3app4main17h72769ddfa41acab1E"));
    }

    @Test
    void theSymbolItselfStillMatches() {
        assertTrue(new FunctionPattern("_ZN3app*").matches("_ZN3app6server6handle17hf721dabb47328d23E"));
        assertTrue(new FunctionPattern("*alloc").matches("malloc"));
        assertFalse(new FunctionPattern("*alloc").matches("malloc_info"));
    }

    @Test
    void aCxxNameMatchesWithOrWithoutItsParameters() {
        assertTrue(new FunctionPattern("std::basic_ostream<char, std::char_traits<char> >::flush").matches("_ZNSo5flushEv"));
        assertTrue(new FunctionPattern("std::basic_ostream<char, std::char_traits<char> >::flush()").matches("_ZNSo5flushEv"));
        assertTrue(new FunctionPattern("std::endl<*").matches("_ZSt4endlIcSt11char_traitsIcEERSt13basic_ostreamIT_T0_ES6_"));
    }

    @Test
    void parametersAreCutAfterTheNameNotInsideTheReturnType() {
        assertEquals(Optional.of("ns::f<int>"), FunctionPattern.withoutParameters("void ns::f<int>(int)"));
        assertEquals(Optional.of("ns::Foo::bar"), FunctionPattern.withoutParameters("ns::Foo::bar(char const*) const"));
        assertEquals(Optional.of("ns::Foo::operator()"), FunctionPattern.withoutParameters("ns::Foo::operator()(int)"));
        assertEquals(Optional.empty(), FunctionPattern.withoutParameters("app::server::handle"));
    }
}
