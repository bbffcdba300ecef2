// ---- kernel0: r1:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %ntb0 = arith.muli %ntstart, %istride0 : i64
    %nob0_0 = arith.muli %ni0, %ostride0_0 : i64
    %nbase0_0 = arith.addi %ntb0, %nob0_0 : i64
    %nbase0 = arith.addi %nbase0_0, %c0 : i64
    %ntb1 = arith.muli %ntstart, %istride1 : i64
    %nob1_0 = arith.muli %ni0, %ostride1_0 : i64
    %nbase1_0 = arith.addi %ntb1, %nob1_0 : i64
    %nbase1 = arith.addi %nbase1_0, %c0 : i64
    %ntb2 = arith.muli %ntstart, %istride2 : i64
    %nob2_0 = arith.muli %ni0, %ostride2_0 : i64
    %nbase2_0 = arith.addi %ntb2, %nob2_0 : i64
    %nbase2 = arith.addi %nbase2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = arith.cmpi sgt, %vend64, %c0 : i64
    %v12:1 = scf.if %v11 -> (f32) {
      %v13 = vector.broadcast %v10 : f32 to vector<64xf32>
      %v16 = arith.constant dense<false> : vector<64xi1>
      %v15:2 = scf.for %v14 = %c0 to %vend64 step %cw64 iter_args(%v14_acc0 = %v13, %v14_nan0 = %v16) -> (vector<64xf32>, vector<64xi1>) : i64 {
        %v18 = arith.addi %base0, %v14 : i64
        %v19 = llvm.getelementptr %ptr0[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v20 = llvm.load %v19 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v22 = arith.addi %base1, %v14 : i64
        %v23 = llvm.getelementptr %ptr1[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v24 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v25 = arith.mulf %v20, %v24 fastmath<contract> : vector<64xf32>
        %v27 = arith.cmpf ogt, %v25, %v14_acc0 : vector<64xf32>
        %v28 = arith.cmpf uno, %v25, %v25 : vector<64xf32>
        %v26 = arith.select %v27, %v25, %v14_acc0 : vector<64xi1>, vector<64xf32>
        %v29 = arith.ori %v14_nan0, %v28 : vector<64xi1>
        scf.yield %v26, %v29 : vector<64xf32>, vector<64xi1>
      }
      %v31 = vector.reduction <maxnumf>, %v15#0 fastmath<nnan> : vector<64xf32> into f32
      %v32 = vector.reduction <or>, %v15#1 : vector<64xi1> into i1
      %v33 = arith.constant 0x7FC00000 : f32
      %v30 = arith.select %v32, %v33, %v31 : f32
      %v34 = arith.maximumf %v10, %v30 : f32
      scf.yield %v34 : f32
    } else {
      scf.yield %v10 : f32
    }
    %v35 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v36:1 = scf.if %v35 -> (f32) {
      %v37 = vector.broadcast %v10 : f32 to vector<16xf32>
      %v40 = arith.constant dense<false> : vector<16xi1>
      %v39:2 = scf.for %v38 = %vend64 to %vend16 step %cw16 iter_args(%v38_acc0 = %v37, %v38_nan0 = %v40) -> (vector<16xf32>, vector<16xi1>) : i64 {
        %v42 = arith.addi %base0, %v38 : i64
        %v43 = llvm.getelementptr %ptr0[%v42] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v44 = llvm.load %v43 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v46 = arith.addi %base1, %v38 : i64
        %v47 = llvm.getelementptr %ptr1[%v46] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v48 = llvm.load %v47 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v49 = arith.mulf %v44, %v48 fastmath<contract> : vector<16xf32>
        %v51 = arith.cmpf ogt, %v49, %v38_acc0 : vector<16xf32>
        %v52 = arith.cmpf uno, %v49, %v49 : vector<16xf32>
        %v50 = arith.select %v51, %v49, %v38_acc0 : vector<16xi1>, vector<16xf32>
        %v53 = arith.ori %v38_nan0, %v52 : vector<16xi1>
        scf.yield %v50, %v53 : vector<16xf32>, vector<16xi1>
      }
      %v55 = vector.reduction <maxnumf>, %v39#0 fastmath<nnan> : vector<16xf32> into f32
      %v56 = vector.reduction <or>, %v39#1 : vector<16xi1> into i1
      %v57 = arith.constant 0x7FC00000 : f32
      %v54 = arith.select %v56, %v57, %v55 : f32
      %v58 = arith.maximumf %v12#0, %v54 : f32
      scf.yield %v58 : f32
    } else {
      scf.yield %v12#0 : f32
    }
    %v59 = arith.cmpi sgt, %len, %vend16 : i64
    %v60:1 = scf.if %v59 -> (f32) {
      %v61 = vector.broadcast %v10 : f32 to vector<16xf32>
      %v63 = arith.subi %len, %vend16 : i64
      %v64 = arith.index_cast %v63 : i64 to index
      %v65 = vector.create_mask %v64 : vector<16xi1>
      %v66 = arith.constant dense<false> : vector<16xi1>
      %v68 = arith.addi %base0, %vend16 : i64
      %v69 = llvm.getelementptr %ptr0[%v68] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v71 = llvm.mlir.zero : vector<16xf32>
      %v70 = llvm.intr.masked.load %v69, %v65, %v71 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v73 = arith.addi %base1, %vend16 : i64
      %v74 = llvm.getelementptr %ptr1[%v73] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v76 = llvm.mlir.zero : vector<16xf32>
      %v75 = llvm.intr.masked.load %v74, %v65, %v76 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v77 = arith.mulf %v70, %v75 fastmath<contract> : vector<16xf32>
      %v78 = arith.select %v65, %v77, %v61 : vector<16xi1>, vector<16xf32>
      %v80 = arith.cmpf ogt, %v78, %v61 : vector<16xf32>
      %v81 = arith.cmpf uno, %v78, %v78 : vector<16xf32>
      %v79 = arith.select %v80, %v78, %v61 : vector<16xi1>, vector<16xf32>
      %v82 = arith.ori %v66, %v81 : vector<16xi1>
      %v84 = vector.reduction <maxnumf>, %v79 fastmath<nnan> : vector<16xf32> into f32
      %v85 = vector.reduction <or>, %v82 : vector<16xi1> into i1
      %v86 = arith.constant 0x7FC00000 : f32
      %v83 = arith.select %v85, %v86, %v84 : f32
      %v87 = arith.maximumf %v36#0, %v83 : f32
      scf.yield %v87 : f32
    } else {
      scf.yield %v36#0 : f32
    }
    %v88 = arith.constant 0x00000000 : f32
    %v89 = arith.cmpi sgt, %vend64, %c0 : i64
    %v90:1 = scf.if %v89 -> (f32) {
      %v91 = vector.broadcast %v88 : f32 to vector<64xf32>
      %v93:1 = scf.for %v92 = %c0 to %vend64 step %cw64 iter_args(%v92_acc0 = %v91) -> (vector<64xf32>) : i64 {
        %v94 = arith.addi %nbase0, %v92 : i64
        %v95 = llvm.getelementptr %ptr0[%v94] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v95) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v99 = arith.constant 16 : i64
        %v98 = arith.addi %v92, %v99 : i64
        %v96 = arith.addi %nbase0, %v98 : i64
        %v97 = llvm.getelementptr %ptr0[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v97) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v103 = arith.constant 32 : i64
        %v102 = arith.addi %v92, %v103 : i64
        %v100 = arith.addi %nbase0, %v102 : i64
        %v101 = llvm.getelementptr %ptr0[%v100] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v101) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v107 = arith.constant 48 : i64
        %v106 = arith.addi %v92, %v107 : i64
        %v104 = arith.addi %nbase0, %v106 : i64
        %v105 = llvm.getelementptr %ptr0[%v104] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v105) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v108 = arith.addi %nbase1, %v92 : i64
        %v109 = llvm.getelementptr %ptr1[%v108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v109) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v113 = arith.constant 16 : i64
        %v112 = arith.addi %v92, %v113 : i64
        %v110 = arith.addi %nbase1, %v112 : i64
        %v111 = llvm.getelementptr %ptr1[%v110] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v111) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v117 = arith.constant 32 : i64
        %v116 = arith.addi %v92, %v117 : i64
        %v114 = arith.addi %nbase1, %v116 : i64
        %v115 = llvm.getelementptr %ptr1[%v114] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v115) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v121 = arith.constant 48 : i64
        %v120 = arith.addi %v92, %v121 : i64
        %v118 = arith.addi %nbase1, %v120 : i64
        %v119 = llvm.getelementptr %ptr1[%v118] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v119) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v122 = arith.addi %nbase2, %v92 : i64
        %v123 = llvm.getelementptr %ptr2[%v122] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v123) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v127 = arith.constant 16 : i64
        %v126 = arith.addi %v92, %v127 : i64
        %v124 = arith.addi %nbase2, %v126 : i64
        %v125 = llvm.getelementptr %ptr2[%v124] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v125) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v131 = arith.constant 32 : i64
        %v130 = arith.addi %v92, %v131 : i64
        %v128 = arith.addi %nbase2, %v130 : i64
        %v129 = llvm.getelementptr %ptr2[%v128] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v129) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v135 = arith.constant 48 : i64
        %v134 = arith.addi %v92, %v135 : i64
        %v132 = arith.addi %nbase2, %v134 : i64
        %v133 = llvm.getelementptr %ptr2[%v132] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v133) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v137 = arith.addi %base0, %v92 : i64
        %v138 = llvm.getelementptr %ptr0[%v137] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v139 = llvm.load %v138 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v141 = arith.addi %base1, %v92 : i64
        %v142 = llvm.getelementptr %ptr1[%v141] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v143 = llvm.load %v142 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v144 = arith.mulf %v139, %v143 fastmath<contract> : vector<64xf32>
        %v145 = vector.broadcast %v60#0 : f32 to vector<64xf32>
        %v146 = arith.subf %v144, %v145 fastmath<contract> : vector<64xf32>
        %v147 = math.exp %v146 : vector<64xf32>
        %v148 = arith.addf %v92_acc0, %v147 fastmath<contract> : vector<64xf32>
        %v149 = arith.addi %base2, %v92 : i64
        %v150 = llvm.getelementptr %ptr2[%v149] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        llvm.store %v147, %v150 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
        scf.yield %v148 : vector<64xf32>
      }
      %v151 = vector.reduction <add>, %v93#0 fastmath<reassoc> : vector<64xf32> into f32
      %v152 = arith.addf %v88, %v151 : f32
      scf.yield %v152 : f32
    } else {
      scf.yield %v88 : f32
    }
    %v153 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v154:1 = scf.if %v153 -> (f32) {
      %v155 = vector.broadcast %v88 : f32 to vector<16xf32>
      %v157:1 = scf.for %v156 = %vend64 to %vend16 step %cw16 iter_args(%v156_acc0 = %v155) -> (vector<16xf32>) : i64 {
        %v158 = arith.addi %nbase0, %v156 : i64
        %v159 = llvm.getelementptr %ptr0[%v158] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v159) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v160 = arith.addi %nbase1, %v156 : i64
        %v161 = llvm.getelementptr %ptr1[%v160] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v161) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v162 = arith.addi %nbase2, %v156 : i64
        %v163 = llvm.getelementptr %ptr2[%v162] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v163) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v165 = arith.addi %base0, %v156 : i64
        %v166 = llvm.getelementptr %ptr0[%v165] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v167 = llvm.load %v166 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v169 = arith.addi %base1, %v156 : i64
        %v170 = llvm.getelementptr %ptr1[%v169] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v171 = llvm.load %v170 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v172 = arith.mulf %v167, %v171 fastmath<contract> : vector<16xf32>
        %v173 = vector.broadcast %v60#0 : f32 to vector<16xf32>
        %v174 = arith.subf %v172, %v173 fastmath<contract> : vector<16xf32>
        %v175 = math.exp %v174 : vector<16xf32>
        %v176 = arith.addf %v156_acc0, %v175 fastmath<contract> : vector<16xf32>
        %v177 = arith.addi %base2, %v156 : i64
        %v178 = llvm.getelementptr %ptr2[%v177] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        llvm.store %v175, %v178 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
        scf.yield %v176 : vector<16xf32>
      }
      %v179 = vector.reduction <add>, %v157#0 fastmath<reassoc> : vector<16xf32> into f32
      %v180 = arith.addf %v90#0, %v179 : f32
      scf.yield %v180 : f32
    } else {
      scf.yield %v90#0 : f32
    }
    %v181 = arith.cmpi sgt, %len, %vend16 : i64
    %v182:1 = scf.if %v181 -> (f32) {
      %v183 = vector.broadcast %v88 : f32 to vector<16xf32>
      %v185 = arith.subi %len, %vend16 : i64
      %v186 = arith.index_cast %v185 : i64 to index
      %v187 = vector.create_mask %v186 : vector<16xi1>
      %v189 = arith.addi %base0, %vend16 : i64
      %v190 = llvm.getelementptr %ptr0[%v189] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v192 = llvm.mlir.zero : vector<16xf32>
      %v191 = llvm.intr.masked.load %v190, %v187, %v192 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v194 = arith.addi %base1, %vend16 : i64
      %v195 = llvm.getelementptr %ptr1[%v194] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v197 = llvm.mlir.zero : vector<16xf32>
      %v196 = llvm.intr.masked.load %v195, %v187, %v197 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v198 = arith.mulf %v191, %v196 fastmath<contract> : vector<16xf32>
      %v199 = vector.broadcast %v60#0 : f32 to vector<16xf32>
      %v200 = arith.subf %v198, %v199 fastmath<contract> : vector<16xf32>
      %v201 = math.exp %v200 : vector<16xf32>
      %v202 = arith.select %v187, %v201, %v183 : vector<16xi1>, vector<16xf32>
      %v203 = arith.addf %v183, %v202 fastmath<contract> : vector<16xf32>
      %v204 = arith.addi %base2, %vend16 : i64
      %v205 = llvm.getelementptr %ptr2[%v204] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v201, %v205, %v187 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
      %v206 = vector.reduction <add>, %v203 fastmath<reassoc> : vector<16xf32> into f32
      %v207 = arith.addf %v154#0, %v206 : f32
      scf.yield %v207 : f32
    } else {
      scf.yield %v154#0 : f32
    }
    scf.for %v210 = %c0 to %vend16 step %cw16 : i64 {
      %v212 = arith.addi %base2, %v210 : i64
      %v213 = llvm.getelementptr %ptr2[%v212] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v214 = llvm.load %v213 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v215 = vector.broadcast %v182#0 : f32 to vector<16xf32>
      %v217 = arith.constant 0x3F800000 : f32
      %v218 = arith.divf %v217, %v182#0 : f32
      %v219 = vector.broadcast %v218 : f32 to vector<16xf32>
      %v216 = arith.mulf %v214, %v219 : vector<16xf32>
      %v220 = arith.addi %base2, %v210 : i64
      %v221 = llvm.getelementptr %ptr2[%v220] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v216, %v221 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v222 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v222 {
      %v225 = arith.subi %len, %vend16 : i64
      %v226 = arith.index_cast %v225 : i64 to index
      %v227 = vector.create_mask %v226 : vector<16xi1>
      %v228 = arith.addi %base2, %vend16 : i64
      %v229 = llvm.getelementptr %ptr2[%v228] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v231 = llvm.mlir.zero : vector<16xf32>
      %v230 = llvm.intr.masked.load %v229, %v227, %v231 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v232 = vector.broadcast %v182#0 : f32 to vector<16xf32>
      %v234 = arith.constant 0x3F800000 : f32
      %v235 = arith.divf %v234, %v182#0 : f32
      %v236 = vector.broadcast %v235 : f32 to vector<16xf32>
      %v233 = arith.mulf %v230, %v236 : vector<16xf32>
      %v237 = arith.addi %base2, %vend16 : i64
      %v238 = llvm.getelementptr %ptr2[%v237] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v233, %v238, %v227 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
